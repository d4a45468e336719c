"""Previous and next post links under each post, in date order among published posts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from broadsheet.blog.models import PostPageQuerySet
from broadsheet.blog.neighbours import neighbours_sql
from broadsheet.blog.tests import factories
from broadsheet.blog.tests.markup import soup

pytestmark = pytest.mark.django_db

FEB_9_2021 = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())


def _dated(title, days, **fields):
    return factories.post(title, date=FEB_9_2021 + dt.timedelta(days=days), **fields)


def _links(client, post):
    """{rel: (label, title, href)} of the post's previous/next navigation."""
    nav = soup(client.get(post.url)).find("nav", attrs={"aria-label": "Previous and next posts"})
    if nav is None:
        return {}
    return {
        a["rel"][0]: (
            a.select_one(".post-nav-label").get_text(),
            a.select_one(".post-nav-title").get_text(),
            a["href"],
        )
        for a in nav.find_all("a")
    }


def test_post_links_to_the_one_published_before_and_the_one_after(client):
    _dated("Much older", -5)
    _dated("Older", -1)
    post = _dated("This one", 0)
    _dated("Newer", 1)
    _dated("Much newer", 5)

    assert _links(client, post) == {
        "prev": ("Previous post", "Older", "/post/older/"),
        "next": ("Next post", "Newer", "/post/newer/"),
    }


def test_newest_post_has_only_a_previous_one_and_oldest_only_a_next_one(client):
    oldest = _dated("Oldest", -1)
    newest = _dated("Newest", 0)

    assert _links(client, newest) == {"prev": ("Previous post", "Oldest", "/post/oldest/")}
    assert _links(client, oldest) == {"next": ("Next post", "Newest", "/post/newest/")}


def test_only_post_has_no_previous_or_next_links(client):
    assert _links(client, _dated("Alone", 0)) == {}


def test_drafts_unpublished_and_private_posts_are_skipped(client):
    _dated("Published older", -4)
    _dated("Draft", -3, publish=False)
    _dated("Withdrawn", -2).unpublish()
    private = _dated("For members", -1)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    post = _dated("This one", 0)

    assert _links(client, post) == {
        "prev": ("Previous post", "Published older", "/post/published-older/")
    }


def test_posts_published_at_the_same_moment_still_lead_to_each_other(client):
    first = _dated("First written", 0)
    second = _dated("Second written", 0)

    assert _links(client, first)["next"][1] == "Second written"
    assert _links(client, second)["prev"][1] == "First written"


def test_following_next_links_visits_every_post_in_date_order(client):
    titles = ["One", "Two", "Three", "Four"]
    posts = [_dated(title, day) for day, title in enumerate(titles)]
    posts[2].date = FEB_9_2021 - dt.timedelta(days=1)  # Backdated: now the oldest.
    posts[2].save_revision().publish()

    visited, post = [], posts[2]
    while post is not None:
        visited.append(post.title)
        following = _links(client, post).get("next")
        post = next((p for p in posts if following and p.url == following[2]), None)

    assert visited == ["Three", "One", "Two", "Four"]


def test_previous_and_next_cost_at_most_two_queries(client, monkeypatch):
    _dated("Older", -1)
    post = _dated("This one", 0)
    _dated("Newer", 1)

    def queries():
        assert client.get(post.url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(post.url)
        return len(captured)

    with_links = queries()
    monkeypatch.setattr(PostPageQuerySet, "adjacent", lambda self, post: (None, None))
    without_links = queries()

    assert _links(client, post) == {}
    assert with_links - without_links <= 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_links_are_found_by_seeking_the_date_index_not_reading_it_through():
    # Spelt "date < d OR (date = d AND id < n)", SQLite read every post's index entry:
    # 10 ms a page at 100,000 posts. Compared as a row, it seeks straight to the post.
    post = _dated("Middle", 2)
    date = connection.ops.adapt_datetimefield_value(post.date)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + neighbours_sql(0), [True, date, post.pk] * 2)
        steps = [row[-1] for row in cursor.fetchall()]

    assert [step for step in steps if step.startswith("SEARCH blog_postpage USING INDEX")]
    assert not [step for step in steps if step.startswith("SCAN blog_postpage")]
