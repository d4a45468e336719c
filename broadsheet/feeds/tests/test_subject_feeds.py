import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.tests import factories


@pytest.fixture
def filed_posts(db):
    """Two posts that share nothing, so each subject's feed has exactly one of them."""
    europe = factories.post(
        "Europe story",
        author=factories.author("Mina Haddad"),
        category=factories.category("Europe"),
        tags=["Geneva"],
    )
    factories.post(
        "Gulf story",
        author=factories.author("Omar Said"),
        category=factories.category("Gulf"),
        tags=["Doha"],
    )
    factories.post("Europe draft", category=europe.category, tags=["Geneva"], publish=False)
    return europe


SUBJECT_FEEDS = {
    "category": ("/blog/category/europe/feed/", "Europe · Test Desk"),
    "tag": ("/blog/tag/geneva/feed/", "Tagged “Geneva” · Test Desk"),
    "author": ("/author/mina-haddad/feed/", "Mina Haddad · Test Desk"),
}


@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
@pytest.mark.parametrize("kind", SUBJECT_FEEDS)
def test_a_subject_feed_holds_only_its_published_posts(read_feed, filed_posts, kind, atom):
    url, title = SUBJECT_FEEDS[kind]

    feed = read_feed(url + ("atom/" if atom else ""))

    assert feed.feed.title == title
    assert [e.title for e in feed.entries] == ["Europe story"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/blog/category/nowhere/feed/",
        "/blog/category/nowhere/feed/atom/",
        "/blog/tag/nothing/feed/",
        "/blog/tag/nothing/feed/atom/",
        "/author/nobody/feed/",
        "/author/nobody/feed/atom/",
    ],
)
def test_a_feed_for_an_unknown_subject_is_not_found(client, blog_index, url):
    assert client.get(url).status_code == 404


def test_a_tag_that_only_drafts_carry_has_no_feed(client, filed_posts):
    factories.post("Embargoed", tags=["Merger talks"], publish=False)

    assert client.get("/blog/tag/merger-talks/feed/").status_code == 404
    assert client.get("/blog/tag/merger-talks/feed/atom/").status_code == 404


def test_an_author_feed_is_signed_by_the_author(read_feed, filed_posts):
    feed = read_feed("/author/mina-haddad/feed/atom/")

    assert feed.feed.author_detail.name == "Mina Haddad"
    assert feed.feed.author_detail.href == "http://testserver/author/mina-haddad/"
    assert feed.feed.link == "http://testserver/author/mina-haddad/"


def test_the_site_feed_queries_do_not_grow_with_its_posts(client, blog_index):
    def queries_for_the_feed():
        with CaptureQueriesContext(connection) as queries:
            client.get("/feed/")
        return len(queries)

    def filed_post():
        return factories.post(category=factories.category(), tags=["One", "Two"])

    filed_post()
    client.get("/feed/")  # Fills Wagtail's cache of site root paths.
    with_one_post = queries_for_the_feed()
    for _ in range(5):
        filed_post()

    assert queries_for_the_feed() == with_one_post
