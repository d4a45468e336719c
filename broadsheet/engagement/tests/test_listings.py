"""Index cards show each post's likes and views, at a cost that does not grow with posts."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.tests import factories
from broadsheet.engagement.models import PostStats

pytestmark = pytest.mark.django_db


def _counts_by_title(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.select_one(".card-title").get_text(): card.select_one(".card-counts").get_text(
            " ", strip=True
        )
        for card in soup.select(".card")
    }


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
    PostStats.objects.create(post=post, view_count=1234, like_count=1)

    counts = _counts_by_title(client.get(url))

    assert counts["Talks resume in Geneva"] == "♥ 1 like · 1,234 views"


def test_card_of_a_post_nobody_counted_yet_shows_zero(client, post):
    assert _counts_by_title(client.get("/blog/"))["Talks resume in Geneva"] == "♥ 0 likes · 0 views"


@pytest.mark.parametrize("url", ["/", "/blog/"])
def test_counts_on_twelve_cards_cost_what_they_do_on_two(client, url):
    _posts_with_stats(2)
    factories.post("Not counted yet")
    two = _queries(client, url)

    _posts_with_stats(9)

    assert _queries(client, url) == two
