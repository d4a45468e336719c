""" "Previously in this story" under each post in a story: the posts just before it there."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.blog.tests import factories as blog
from broadsheet.blog.tests.markup import soup
from broadsheet.stories.tests import factories

pytestmark = pytest.mark.django_db


def _day(n):
    return dt.datetime(2025, 5, n, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def talks(blog_index):
    story = factories.story("Nuclear talks", slug="nuclear-talks")
    posts = [factories.post_in(story, f"Round {n}", date=_day(n)) for n in range(1, 8)]
    return story, posts


def _boxes(client, post):
    return soup(client.get(post.url)).select(".story-box")


def test_box_lists_the_five_posts_before_this_one_oldest_first(client, talks):
    _, posts = talks

    (box,) = _boxes(client, posts[6])

    assert box.select("h2")[0].get_text() == "Previously in this story"
    links = box.select(".story-box-posts a")
    assert [a.get_text() for a in links] == ["Round 2", "Round 3", "Round 4", "Round 5", "Round 6"]
    assert links[0]["href"] == "/post/round-2/"
    assert box.select("time")[0].get_text() == "May 2, 2025"
    assert box.select(".story-box-more a")[0]["href"] == "/story/nuclear-talks/"
    assert "Nuclear talks" in box.select(".story-box-name")[0].get_text()


def test_box_shows_only_earlier_posts(client, talks):
    _, posts = talks

    (box,) = _boxes(client, posts[2])

    assert [a.get_text() for a in box.select(".story-box-posts a")] == ["Round 1", "Round 2"]


def test_first_post_of_a_story_says_it_begins_it(client, talks):
    _, posts = talks

    (box,) = _boxes(client, posts[0])

    assert box.select("h2")[0].get_text() == "Part of a story"
    assert not box.select(".story-box-posts")
    assert "this post begins it" in box.get_text()


def test_unpublished_earlier_post_is_left_out(client, talks):
    _, posts = talks
    posts[1].unpublish()

    (box,) = _boxes(client, posts[2])

    assert [a.get_text() for a in box.select(".story-box-posts a")] == ["Round 1"]


def test_post_in_two_stories_has_a_box_for_each(client, talks):
    story, _ = talks
    sanctions = factories.story("Sanctions", slug="sanctions")
    factories.post_in(sanctions, "Sanctions eased", date=_day(2))
    both = factories.post_in([story, sanctions], "Deal reached", date=_day(9))

    boxes = _boxes(client, both)

    names = [box.select(".story-box-name a")[0].get_text() for box in boxes]
    assert names == ["Nuclear talks", "Sanctions"]
    assert [a.get_text() for a in boxes[1].select(".story-box-posts a")] == ["Sanctions eased"]


def test_post_in_no_story_has_no_box(client, talks):
    assert not _boxes(client, blog.post("Weather"))


@pytest.mark.usefixtures("page_cache")
def test_box_adds_no_query_when_a_kept_post_page_is_rendered_again(client, talks):
    """A new post elsewhere throws away every post page for its Recent Posts box: the
    page is rendered again, and the story box comes back from its kept fragment."""
    from broadsheet.pagecache.purge import tags_purge

    _, posts = talks
    plain = blog.post("Weather report", date=_day(8))
    assert client.get(posts[6].url).status_code == 200
    assert client.get(plain.url).status_code == 200

    tags_purge(["recent"])
    in_story = _queries_after_purge(client, posts[6].url)
    tags_purge(["recent"])
    not_in_story = _queries_after_purge(client, plain.url)

    assert in_story == not_in_story
    assert "Round 5" in client.get(posts[6].url).text


def _queries_after_purge(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)
