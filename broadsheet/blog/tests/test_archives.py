"""Posts by month at /blog/<yyyy>/<mm>/, and the archive of months at /blog/archive/."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from broadsheet.blog.tests import factories
from broadsheet.blog.tests.markup import soup

# Browsers ask again each time; shared caches keep the page until a purge or 5 minutes.
SHARED_CACHE_DIRECTIVES = {"public", "max-age=0", "s-maxage=300", "stale-while-revalidate=60"}

pytestmark = pytest.mark.django_db


def _at(year, month, day, hour=12, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def _titles(response):
    return [a.get_text() for a in soup(response).select(".card-title a")]


def test_month_lists_that_months_posts_newest_first(client):
    factories.post("Early February", date=_at(2021, 2, 1, 0, 0))
    factories.post("Late February", date=_at(2021, 2, 28, 23, 59))
    factories.post("Mid February", date=_at(2021, 2, 14))
    factories.post("Last of January", date=_at(2021, 1, 31, 23, 59))
    factories.post("First of March", date=_at(2021, 3, 1, 0, 0))
    factories.post("February a year later", date=_at(2022, 2, 14))

    response = client.get("/blog/2021/02/")

    assert _titles(response) == ["Late February", "Mid February", "Early February"]


def test_month_is_headed_by_its_name_and_counts_its_posts(client):
    factories.post(date=_at(2021, 2, 9))
    factories.post(date=_at(2021, 2, 10))

    page = soup(client.get("/blog/2021/02/"))

    assert page.h1.get_text() == "February 2021"
    assert page.title.get_text() == "February 2021 · Test Desk"
    assert page.select_one(".count").get_text(" ", strip=True).startswith("2 posts")
    assert page.select_one(".count a")["href"] == "/blog/archive/"


def test_month_shows_the_same_cards_as_a_category(client):
    europe = factories.category("Europe", slug="europe")
    factories.post("Talks resume", date=_at(2021, 2, 9), category=europe)

    month_card = soup(client.get("/blog/2021/02/")).select_one(".card")
    category_card = soup(client.get("/blog/category/europe/")).select_one(".card")

    assert month_card == category_card


def test_month_shows_twelve_posts_a_page(client):
    for day in range(1, 14):
        factories.post(f"Day {day}", date=_at(2021, 2, day))

    first, second = client.get("/blog/2021/02/"), client.get("/blog/2021/02/?page=2")

    assert _titles(first) == [f"Day {day}" for day in range(13, 1, -1)]
    assert _titles(second) == ["Day 1"]
    assert client.get("/blog/2021/02/?page=3").status_code == 404


def test_month_leaves_out_drafts_and_private_posts(client):
    factories.post("Published", date=_at(2021, 2, 9))
    factories.post("Draft", date=_at(2021, 2, 10), publish=False)
    private = factories.post("For members", date=_at(2021, 2, 11))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert _titles(client.get("/blog/2021/02/")) == ["Published"]


@pytest.mark.parametrize(
    "url",
    [
        "/blog/2021/03/",  # No post that month.
        "/blog/2021/13/",
        "/blog/2021/00/",
        "/blog/0000/01/",
        "/blog/2021/2/",
        "/blog/21/02/",
        "/blog/2021/feb/",
    ],
)
def test_empty_or_impossible_month_is_not_found(client, url):
    factories.post(date=_at(2021, 2, 9))

    assert client.get(url).status_code == 404


def test_month_with_only_drafts_is_not_found(client):
    factories.post("Not yet", date=_at(2021, 2, 9), publish=False)

    assert client.get("/blog/2021/02/").status_code == 404


def test_month_may_be_kept_by_shared_caches(client):
    factories.post(date=_at(2021, 2, 9))

    cache_control = client.get("/blog/2021/02/")["Cache-Control"]

    assert {d.strip() for d in cache_control.split(",")} >= SHARED_CACHE_DIRECTIVES


def test_archive_lists_months_newest_first_grouped_by_year_with_counts(client):
    for date in [_at(2020, 12, 5), _at(2021, 2, 9), _at(2021, 2, 10), _at(2021, 1, 3)]:
        factories.post(date=date)
    factories.post("Draft", date=_at(2021, 3, 1), publish=False)

    page = soup(client.get("/blog/archive/"))

    assert page.h1.get_text() == "Archive"
    years = {
        section.h2.get_text(): [li.get_text(" ", strip=True) for li in section.find_all("li")]
        for section in page.select(".archive-year")
    }
    assert list(years) == ["2021", "2020"]
    assert years == {
        "2021": ["February 2021 2 posts", "January 2021 1 post"],
        "2020": ["December 2020 1 post"],
    }


def test_archive_links_each_month_to_its_posts(client):
    factories.post("Talks resume", date=_at(2021, 2, 9))

    link = soup(client.get("/blog/archive/")).select_one(".archive-months a")

    assert (link.get_text(), link["href"]) == ("February 2021", "/blog/2021/02/")
    assert _titles(client.get(link["href"])) == ["Talks resume"]


def test_archive_with_nothing_published_says_so(client, blog_index):
    page = soup(client.get("/blog/archive/"))

    assert page.select(".archive-year") == []
    assert "Nothing published yet." in page.main.get_text()


def test_archive_of_many_months_costs_what_one_of_two_months_does(client):
    def queries():
        assert client.get("/blog/archive/").status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get("/blog/archive/")
        return len(captured)

    for month in (1, 2):
        factories.post(date=_at(2021, month, 9))
    two_months = queries()

    for month in range(3, 13):
        factories.post(date=_at(2021, month, 9))
        factories.post(date=_at(2020, month, 9))

    assert queries() == two_months


def test_every_page_links_to_the_archive_from_its_footer(client):
    post = factories.post()

    for url in ["/", "/blog/", post.url]:
        footer = soup(client.get(url)).select_one("footer.site-footer")
        assert footer.find("a", string="Archive")["href"] == "/blog/archive/"


def test_author_page_shows_their_photo_bio_and_posts(client):
    lina = factories.author(
        "Lina Haddad", slug="lina-haddad", bio="Covers diplomacy.", photo=factories.image()
    )
    factories.post("By Lina", author=lina)

    page = soup(client.get("/author/lina-haddad/"))

    header = page.select_one(".listing-header")
    assert header.select_one("img.author-photo")["src"].startswith("/media/images/")
    assert header.select_one(".description").get_text() == "Covers diplomacy."
    assert _titles(client.get("/author/lina-haddad/")) == ["By Lina"]


def test_category_page_shows_its_description(client):
    europe = factories.category(
        "Europe", slug="europe", description="Treaties, borders and elections."
    )
    factories.post(category=europe)

    page = soup(client.get("/blog/category/europe/"))

    assert page.select_one(".listing-header .description").get_text() == (
        "Treaties, borders and elections."
    )
