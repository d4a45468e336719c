"""/story/<slug>/: the story's timeline as readers see it, and /stories/."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.blog.tests import factories as blog
from broadsheet.blog.tests.markup import soup
from broadsheet.stories.tests import factories

pytestmark = pytest.mark.django_db


def _at(day, hour=12):
    return dt.datetime(2025, 3, day, hour, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def relations(blog_index):
    story = factories.story(
        "Iran–Russia relations",
        slug="iran-russia-relations",
        summary="Tehran and Moscow, visit by visit.",
        description="<p>How two capitals <b>drew closer</b>.</p>",
    )
    posts = {
        "visit": factories.post_in(story, "Speaker visits Moscow", date=_at(4, 9)),
        "deal": factories.post_in(story, "Gas deal signed", date=_at(4, 17)),
        "drill": factories.post_in(story, "Joint naval drill", date=_at(11)),
        "first": factories.post_in(story, "Talks begin", date=_at(1)),
    }
    blog.post("Unrelated weather report", date=_at(5))
    return story, posts


def test_timeline_lists_the_story_posts_oldest_first_under_their_days(client, relations):
    response = client.get("/story/iran-russia-relations/")

    assert response.status_code == 200
    page = soup(response)
    days = [h.get_text().strip() for h in page.select(".timeline-day h3")]
    assert days == ["Saturday, March 1, 2025", "Tuesday, March 4, 2025", "Tuesday, March 11, 2025"]
    titles = [a.get_text() for a in page.select(".timeline-post h4 a")]
    assert titles == [
        "Talks begin",
        "Speaker visits Moscow",
        "Gas deal signed",
        "Joint naval drill",
    ]
    times = [t.get_text() for t in page.select(".timeline-byline time")]
    assert times == ["12:00", "09:00", "17:00", "12:00"]
    assert "Unrelated weather report" not in response.text


def test_story_page_shows_its_description_summary_and_feeds(client, relations):
    response = client.get("/story/iran-russia-relations/")

    page = soup(response)
    assert page.select("h1")[0].get_text() == "Iran–Russia relations"
    assert "Tehran and Moscow, visit by visit." in page.select(".listing-story")[0].get_text()
    assert page.select(".story-description b")[0].get_text() == "drew closer"
    assert page.select(
        'link[type="application/rss+xml"][href="/story/iran-russia-relations/feed/"]'
    )
    assert "4 posts" in page.select(".story-count")[0].get_text()
    latest = page.select(".story-count a")[0]
    assert latest.get_text() == "Mar 11, 2025"
    assert latest["href"] == f"#post-{relations[1]['drill'].pk}"
    assert response["Cache-Control"].startswith("public")


def test_timeline_shows_each_post_excerpt_and_link(client, relations):
    _, posts = relations
    page = soup(client.get("/story/iran-russia-relations/"))

    entry = page.select(f"#post-{posts['deal'].pk}")[0]
    assert entry.select("a")[0]["href"] == "/post/gas-deal-signed/"
    assert entry.select(".timeline-excerpt")[0].get_text() == "A paragraph of news."


def test_unpublished_post_leaves_the_timeline(client, relations):
    _, posts = relations
    posts["deal"].unpublish()

    response = client.get("/story/iran-russia-relations/")

    assert "Gas deal signed" not in response.text
    assert "3 posts" in response.text


def test_story_without_published_posts_is_not_found(client, blog_index):
    factories.story("Empty so far")

    assert client.get("/story/empty-so-far/").status_code == 404
    assert client.get("/story/no-such-story/").status_code == 404


def test_stories_index_lists_stories_latest_updated_first(client, relations):
    older = factories.story("Arctic shipping", is_open=False)
    factories.post_in(older, "Northern route opens", date=_at(2))
    factories.story("Nothing published")

    page = soup(client.get("/stories/"))

    items = page.select(".story-item")
    assert [i.select("h2")[0].get_text() for i in items] == [
        "Iran–Russia relations",
        "Arctic shipping",
    ]
    first, second = (re.sub(r"\s+", " ", i.get_text()) for i in items)
    assert "Tehran and Moscow, visit by visit." in first
    assert "Developing · Latest update Mar 11, 2025" in first
    assert "Concluded · Latest update Mar 2, 2025" in second
