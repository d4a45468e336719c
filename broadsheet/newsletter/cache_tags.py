"""What newsletter pages tell the page cache they show (broadsheet.pagecache.dependencies).

The subscribe form (under every post and at /subscribe/) lists every category as a
section to follow, so a category added, renamed or removed throws those pages away;
nothing else of the newsletter shows on a kept page.
"""

from broadsheet.pagecache.dependencies import depends_on

SECTIONS = "newsletter-sections"


def declare_sections_shown() -> None:
    depends_on(SECTIONS)
