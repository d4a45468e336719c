"""Lists of posts: the blog index ("See All"), author, category and tag pages, the home page."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

FEB_9_2021 = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())


def _titles(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".card-title a")]


def _posts_on_days(*days, **fields):
    """Posts titled "Day N", dated N days after Feb 9, 2021."""
    return [
        factories.post(f"Day {day}", date=FEB_9_2021 + dt.timedelta(days=day), **fields)
        for day in days
    ]


def test_blog_index_lists_newest_first(client):
    _posts_on_days(2, 3, 1)

    assert _titles(client.get("/blog/")) == ["Day 3", "Day 2", "Day 1"]


def test_blog_index_shows_twelve_posts_a_page(client):
    _posts_on_days(*range(1, 14))

    first, second = client.get("/blog/"), client.get("/blog/?page=2")

    assert _titles(first) == [f"Day {day}" for day in range(13, 1, -1)]
    assert _titles(second) == ["Day 1"]


def test_blog_index_links_to_the_next_page_of_older_posts(client):
    _posts_on_days(*range(1, 14))

    soup = BeautifulSoup(client.get("/blog/").content, "html.parser")

    assert soup.select_one(".pagination a[rel=next]")["href"] == "?page=2"


def test_card_shows_title_excerpt_author_date_and_reading_time(client):
    factories.post(
        "Talks resume in Geneva",
        author=factories.author("Lina Haddad"),
        date=FEB_9_2021,
        paragraphs=["Delegations met this morning."],
    )

    card = BeautifulSoup(client.get("/blog/").content, "html.parser").select_one(".card")

    assert card.select_one(".card-title a")["href"] == "/post/talks-resume-in-geneva/"
    assert card.select_one(".card-excerpt").get_text() == "Delegations met this morning."
    meta = card.select_one(".card-meta")
    # Each dot is bound to what comes before it (no-break spaces), never to what follows.
    assert meta.get_text(" ", strip=True) == "Lina Haddad\xa0· Feb 9, 2021\xa0· 1 min read"
    assert meta.time["datetime"] == "2021-02-09"


@pytest.mark.parametrize("page", ["abc", "1.5", ""])
def test_page_that_is_not_a_number_gives_the_first_page(client, page):
    _posts_on_days(1)

    assert _titles(client.get(f"/blog/?page={page}")) == ["Day 1"]


@pytest.mark.parametrize("page", ["0", "-1", "2", "99999999999999999999"])
def test_page_past_either_end_is_not_found(client, page):
    _posts_on_days(1)

    assert client.get(f"/blog/?page={page}").status_code == 404


def test_listings_leave_out_drafts_unpublished_and_private_posts(client):
    category = factories.category("Europe", slug="europe")
    author = factories.author("Lina Haddad", slug="lina-haddad")
    fields = {"category": category, "author": author, "tags": ["geneva"]}
    factories.post("Published", **fields)
    factories.post("Draft", publish=False, **fields)
    factories.post("Withdrawn", **fields).unpublish()
    private = factories.post("For members", **fields)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    for url in [
        "/",
        "/blog/",
        "/blog/category/europe/",
        "/blog/tag/geneva/",
        "/author/lina-haddad/",
    ]:
        assert _titles(client.get(url)) == ["Published"], url


def test_category_page_lists_only_its_posts(client):
    europe = factories.category("Europe", slug="europe")
    factories.post("In Europe", category=europe)
    factories.post("In Africa", category=factories.category("Africa"))
    factories.post("Unfiled")

    assert _titles(client.get("/blog/category/europe/")) == ["In Europe"]


def test_tag_page_lists_only_its_posts(client):
    factories.post("About Geneva", tags=["Geneva"])
    factories.post("About Vienna", tags=["Vienna"])

    assert _titles(client.get("/blog/tag/geneva/")) == ["About Geneva"]


def test_author_page_lists_only_their_posts(client):
    lina = factories.author("Lina Haddad", slug="lina-haddad")
    factories.post("By Lina", author=lina)
    factories.post("By someone else")

    assert _titles(client.get("/author/lina-haddad/")) == ["By Lina"]


def test_author_page_is_headed_by_their_name(client):
    factories.author("Lina Haddad", slug="lina-haddad", bio="Covers diplomacy.")

    soup = BeautifulSoup(client.get("/author/lina-haddad/").content, "html.parser")

    assert soup.h1.get_text() == "Lina Haddad"
    assert soup.select_one(".description").get_text() == "Covers diplomacy."


@pytest.mark.parametrize(
    "url", ["/author/nobody/", "/blog/category/nowhere/", "/blog/tag/nothing/"]
)
def test_unknown_slug_is_not_found(client, url):
    factories.post(tags=["something"])

    assert client.get(url).status_code == 404


def test_tag_carried_only_by_drafts_is_not_found(client):
    factories.post("Merger talks", publish=False, tags=["secret-merger"])

    assert client.get("/blog/tag/secret-merger/").status_code == 404


def test_listing_page_past_the_end_is_not_found(client):
    factories.post(tags=["geneva"])

    assert client.get("/blog/tag/geneva/?page=2").status_code == 404


def test_home_page_shows_the_newest_posts(client):
    _posts_on_days(1, 3, 2)

    assert _titles(client.get("/")) == ["Day 3", "Day 2", "Day 1"]


def test_home_page_links_to_the_blog_index(client):
    factories.post()

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    assert soup.find("a", string="See all posts")["href"] == "/blog/"


@pytest.mark.django_db
def test_a_sticky_post_leads_the_home_page_but_not_the_blog_index(client):
    older = factories.post("An old but important notice", date=factories.BASE_DATE, sticky=True)
    newer = factories.post("Fresh news today", date=factories.BASE_DATE + dt.timedelta(days=30))

    home = client.get("/").content.decode()
    index = client.get("/blog/").content.decode()

    assert home.index(older.title) < home.index(newer.title)
    assert index.index(newer.title) < index.index(older.title)


@pytest.mark.django_db
def test_a_tag_page_shows_the_description_an_editor_wrote(client):
    from taggit.models import Tag

    from broadsheet.blog.models import TagDescription

    factories.post("Talks resume in Geneva", tags=["geneva"])
    TagDescription.objects.create(
        tag=Tag.objects.get(slug="geneva"), description="Diplomacy in the Swiss city."
    )

    page = BeautifulSoup(client.get("/blog/tag/geneva/").content, "html.parser")

    assert page.select_one(".listing-header .description").get_text() == (
        "Diplomacy in the Swiss city."
    )


def test_posts_of_one_moment_split_across_pages_each_appear_once(client):
    same_moment = [factories.post(f"Wire {n}", date=FEB_9_2021) for n in range(14)]

    shown = _titles(client.get("/blog/")) + _titles(client.get("/blog/?page=2"))

    assert sorted(shown) == sorted(post.title for post in same_moment)
