"""Index cards show each post's likes and views once they reach the site's threshold, and
its comments, at a cost that does not grow with posts."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from broadsheet.blog.tests import factories
from broadsheet.engagement.models import PostStats
from broadsheet.masthead.models import SiteSettings

pytestmark = pytest.mark.django_db


def _counts_by_title(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.select_one(".card-title").get_text(): (
            counts.get_text(" ", strip=True) if (counts := card.select_one(".card-counts")) else ""
        )
        for card in soup.select(".card")
    }


def _threshold(count):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.counts_threshold = count
    settings.save()


def _posts_with_stats(count):
    for n in range(count):
        post = factories.post()
        PostStats.objects.create(post=post, view_count=n + 10, like_count=n)


def _queries(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/blog/"])
def test_cards_show_likes_and_views(client, post, url):
    PostStats.objects.create(post=post, view_count=1234, like_count=21)

    counts = _counts_by_title(client.get(url))

    assert counts["Talks resume in Geneva"] == "♥ 21 likes · 1,234 views"


def test_card_of_a_post_nobody_counted_yet_shows_no_counts(client, post):
    assert _counts_by_title(client.get("/blog/"))["Talks resume in Geneva"] == ""


def test_counts_below_the_threshold_are_left_out(client, post):
    PostStats.objects.create(post=post, view_count=10, like_count=9)

    # The default threshold is ten.
    assert _counts_by_title(client.get("/blog/"))["Talks resume in Geneva"] == "10 views"


def test_threshold_set_to_zero_shows_every_count(client, post):
    _threshold(0)

    assert _counts_by_title(client.get("/blog/"))["Talks resume in Geneva"] == "♥ 0 likes · 0 views"


@pytest.mark.parametrize("url", ["/", "/blog/", "/author/ana/"])
def test_cards_show_the_comments_readers_can_see(client, url):
    post = factories.post("Talks resume in Geneva", author=factories.author("Ana", slug="ana"))
    factories.comment(post)
    factories.comment(post, parent=factories.comment(post))
    factories.comment(post, status="pending")
    PostStats.objects.create(post=post, view_count=1234, like_count=0)

    counts = _counts_by_title(client.get(url))

    assert counts["Talks resume in Geneva"] == "1,234 views · 3 comments"
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.select_one(".card-counts a")["href"] == "/post/talks-resume-in-geneva/#comments"


@pytest.mark.parametrize("url", ["/", "/blog/"])
def test_counts_on_twelve_cards_cost_what_they_do_on_two(client, url):
    _posts_with_stats(2)
    factories.comment(factories.post("Not counted yet"))
    two = _queries(client, url)

    _posts_with_stats(9)

    assert _queries(client, url) == two
