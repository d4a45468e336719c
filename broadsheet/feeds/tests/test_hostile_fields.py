"""Every text field of every feed reads as written, however hostile the name or bio.

Feed readers take an RSS channel's or item's title and description as HTML, and Atom's
text constructs as text. Read through feedparser, as a feed reader would, each field must
show the text exactly as the editor or importer wrote it, and hold no markup.
"""

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories

NAME = '<img src=x onerror=alert(1)> Ann & "Co"'
BIO = "<script>alert(1)</script><b>bold</b> & <a href='javascript:alert(1)'>bio</a>"
CATEGORY = "<i>Europe</i> & <style>body{}</style>Gulf"
CATEGORY_DESCRIPTION = "News from <iframe src=//evil.example></iframe> the region & more"
TAG = "<u>talks</u> & </title><script>x</script>"
TITLE = "<b>Ceasefire</b> & </channel> talks"


def shown(detail) -> str:
    """What a feed reader shows for a field: HTML is rendered, and must bring no element."""
    if detail["type"] == "text/html":
        rendered = BeautifulSoup(detail["value"], "html.parser")
        assert rendered.find() is None, f"live markup in {detail['value']!r}"
        return rendered.get_text()
    return detail["value"]


@pytest.fixture
def hostile(db, blog_index):
    author = factories.author(NAME)
    author.bio = BIO
    author.save()
    category = factories.category(CATEGORY)
    category.description = CATEGORY_DESCRIPTION
    category.save()
    post = factories.post(TITLE, author=author, category=category, tags=[TAG])
    return author, category, post.tags.get()


def _urls(author, category, tag):
    return {
        "site": "/feed/",
        "author": f"/author/{author.slug}/feed/",
        "category": f"/blog/category/{category.slug}/feed/",
        "tag": f"/blog/tag/{tag.slug}/feed/",
    }


EXPECTED_CHANNEL = {
    "site": ("Test Desk", "The latest posts from Test Desk."),
    "author": (f"{NAME} · Test Desk", BIO),
    "category": (f"{CATEGORY} · Test Desk", CATEGORY_DESCRIPTION),
    "tag": (f"Tagged “{TAG}” · Test Desk", f"The latest posts tagged “{TAG}”."),
}


@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
@pytest.mark.parametrize("kind", EXPECTED_CHANNEL)
def test_channel_title_and_description_read_as_written(read_feed, hostile, kind, atom):
    url = _urls(*hostile)[kind] + ("atom/" if atom else "")

    feed = read_feed(url)

    title, description = EXPECTED_CHANNEL[kind]
    assert shown(feed.feed.title_detail) == title
    assert shown(feed.feed.subtitle_detail) == description


@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
@pytest.mark.parametrize("kind", EXPECTED_CHANNEL)
def test_item_title_author_and_categories_read_as_written(read_feed, hostile, kind, atom):
    url = _urls(*hostile)[kind] + ("atom/" if atom else "")

    entry = read_feed(url).entries[0]

    assert shown(entry.title_detail) == TITLE
    assert entry.author_detail.name == NAME
    assert sorted(tag.term for tag in entry.tags) == sorted([CATEGORY, TAG])
