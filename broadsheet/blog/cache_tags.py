"""What blog pages tell the page cache they show (broadsheet.pagecache.dependencies).

Tags name data, not pages: ``post:12`` is on every page that shows post 12 in any way
(its own page, a card, a Recent Posts entry, a previous/next link, a feed item), so an
edit to it throws all of them away and nothing else. Listings also carry the place of
each page in the list (``list:category-3:p2``), so that a post entering, leaving or
moving in a list throws away the pages from its place on, and no others
(``broadsheet.blog.invalidation``).
"""

from broadsheet.pagecache.dependencies import depends_on

# Listings, by name: "all" is the blog index, the others narrow it.
ALL = "all"
HOME = "home"
ARCHIVE = "archive"  # The list of months.
SITEMAP = "sitemap"
RECENT = "recent"  # Which posts Recent Posts boxes show.
# Which categories have posts: the header's default navigation and the home page's sections.
SECTIONS = "sections"


def post(pk) -> str:
    return f"post:{pk}"


def post_page(pk) -> str:
    """The post's own page: its previous/next links change when a neighbour comes or goes."""
    return f"postpage:{pk}"


def comments(pk) -> str:
    return f"comments:{pk}"


def counts(pk) -> str:
    return f"counts:{pk}"


def author(pk) -> str:
    """An author's name and address, as bylines show them."""
    return f"author:{pk}"


def author_about(pk) -> str:
    """What only the author's own listing and feed show: bio, photo."""
    return f"author-about:{pk}"


def category(pk) -> str:
    """A category's name and address, as a post's filing shows them."""
    return f"category:{pk}"


def category_about(pk) -> str:
    """What only the category's own listing and feed show: its description."""
    return f"category-about:{pk}"


def tag(pk) -> str:
    """A tag's name and address, as a post's filing shows them."""
    return f"tag:{pk}"


def tag_about(pk) -> str:
    """What only the tag's own listing shows: its description (TagDescription)."""
    return f"tag-about:{pk}"


def page(pk) -> str:
    """A Wagtail page's own fields (home page intro, standard page body)."""
    return f"page:{pk}"


def category_listing(pk) -> str:
    return f"category-{pk}"


def tag_listing(pk) -> str:
    return f"tag-{pk}"


def author_listing(pk) -> str:
    return f"author-{pk}"


def month_listing(year: int, month: int) -> str:
    return f"month-{year:04d}-{month:02d}"


def listing_page(listing: str, number: int) -> str:
    return f"list:{listing}:p{number}"


def listing_feed(listing: str) -> str:
    return f"list:{listing}:feed"


def whole_listing(listing: str) -> str:
    """Lists shown whole on one page (home, archive, sitemap)."""
    return f"list:{listing}"


def declare_post_shown(
    shown, *, byline: bool = False, section: bool = False, filing: bool = False
) -> None:
    """A post is on this page: as a link (title, excerpt), with its ``byline`` (the
    author's name: cards), its ``section`` (its category: cards), and with its ``filing``
    (category and tags: its own page, feeds).
    """
    tags = [post(shown.pk)]
    if byline and shown.author_id:
        tags.append(author(shown.author_id))
    if section and shown.category_id:
        tags.append(category(shown.category_id))
    if filing:
        if shown.category_id:
            tags.append(category(shown.category_id))
        tags.extend(tag(t.pk) for t in shown.shown_tags)
    depends_on(*tags)


def declare_listing_page(listing: str, number: int) -> None:
    depends_on(listing_page(listing, number))


def declare_sections_shown() -> None:
    """This page lists the categories that have posts (not only those it names)."""
    depends_on(SECTIONS)


def declare_categories_shown(pks) -> None:
    """This page shows these categories' names and addresses."""
    depends_on(*(category(pk) for pk in pks))
