"""A story's feed: its posts, newest first, for feed readers following the story."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from broadsheet.blog.tests import factories as blog
from broadsheet.stories.tests import factories

pytestmark = pytest.mark.django_db


def _day(n):
    return dt.datetime(2025, 4, n, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def talks(blog_index):
    story = factories.story(
        "Nuclear talks", slug="nuclear-talks", summary="Every round, from Vienna to Muscat."
    )
    for n in (3, 1, 2):
        factories.post_in(story, f"Round {n}", date=_day(n))
    blog.post("Weather report", date=_day(4))
    blog.post("Round 9 draft", publish=False)
    return story


@pytest.mark.parametrize("suffix", ["", "atom/"], ids=["rss", "atom"])
def test_story_feed_lists_its_published_posts_newest_first(client, talks, suffix):
    response = client.get(f"/story/nuclear-talks/feed/{suffix}")

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Nuclear talks · Test Desk"
    assert feed.feed.link == "http://testserver/story/nuclear-talks/"
    assert [entry.title for entry in feed.entries] == ["Round 3", "Round 2", "Round 1"]
    assert feed.entries[0].link == "http://testserver/post/round-3/"
    assert response["Cache-Control"].startswith("public")


def test_story_feed_describes_the_story(client, talks):
    feed = feedparser.parse(client.get("/story/nuclear-talks/feed/").content)

    assert feed.feed.description == "Every round, from Vienna to Muscat."


def test_unknown_story_has_no_feed(client, blog_index):
    assert client.get("/story/nothing-here/feed/").status_code == 404


def test_story_page_links_its_feeds_for_readers_and_feed_readers(client, talks):
    html = client.get("/story/nuclear-talks/").text

    assert 'href="/story/nuclear-talks/feed/"' in html
    assert 'type="application/atom+xml" title="Nuclear talks (Atom)"' in html
