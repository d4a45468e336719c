"""Edits to stories throw away the kept pages, and "Previously" boxes, that show them.

A story of seven posts, another story and a post in none are read through the page
cache; then one thing changes, and the test compares what is still kept with what was.
A post page's "Previously in this story" box is kept on its own (a fragment), so a new
post, which throws away every post page for its Recent Posts box, shows which boxes were
kept and which had to be made again.
"""

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories as blog
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tests.front_client import FrontClient
from broadsheet.stories.models import StoryPost
from broadsheet.stories.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

HOST = "http://testserver"


def _day(n, hour=12):
    return dt.datetime(2025, 6, 1, hour, tzinfo=timezone.get_current_timezone()) + dt.timedelta(
        days=n - 1
    )


@pytest.fixture
def site(blog_index):
    talks = factories.story("Nuclear talks", slug="talks")
    shipping = factories.story("Arctic shipping", slug="shipping")
    posts = {n: factories.post_in(talks, f"Round {n}", date=_day(n)) for n in range(1, 8)}
    posts["ice"] = factories.post_in(shipping, "Ice melts early", date=_day(3, 9))
    posts["weather"] = blog.post("Weather", date=_day(4, 9))
    return talks, shipping, posts


class Reader:
    def __init__(self, posts):
        self.front = FrontClient()
        self.paths = {
            "talks": "/story/talks/",
            "talks-feed": "/story/talks/feed/",
            "shipping": "/story/shipping/",
            "stories": "/stories/",
            **{f"post-{name}": post.url for name, post in posts.items()},
        }
        self.boxes = {
            f"box-{name}": f"fragment://testserver/http/post-stories/{post.pk}/"
            for name, post in posts.items()
        }

    def read_everything(self) -> set[str]:
        for name, path in self.paths.items():
            assert self.front.get(path).status == 200, name
        return self.kept()

    def kept(self) -> set[str]:
        urls = set(page_store().urls())
        pages = {name for name, path in self.paths.items() if HOST + path in urls}
        return pages | {name for name, url in self.boxes.items() if url in urls}

    def thrown_away_by(self, change, committed) -> set[str]:
        before = self.read_everything()
        assert before == set(self.paths) | set(self.boxes)
        with committed(execute=True):
            change()
        return before - self.kept()

    def text(self, name) -> str:
        return self.front.get(self.paths[name]).text


@pytest.fixture
def reader(site):
    return Reader(site[2])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


EVERY_POST = {f"post-{n}" for n in (*range(1, 8), "ice", "weather")}


def test_new_post_in_a_story_throws_away_its_page_and_no_earlier_box(site, reader, committed):
    talks = site[0]

    thrown = reader.thrown_away_by(
        lambda: factories.post_in(talks, "Round 8", date=_day(8)), committed
    )

    # Every post page goes for its Recent Posts box; the boxes themselves stay.
    assert thrown == {*EVERY_POST, "talks", "talks-feed", "stories"}
    assert "Round 8" in reader.text("talks")
    assert "Round 8" in reader.text("talks-feed")


def test_backdated_post_throws_away_the_boxes_that_now_list_it(site, reader, committed):
    talks = site[0]

    thrown = reader.thrown_away_by(
        lambda: factories.post_in(talks, "Round 3½", date=_day(3, 18)), committed
    )

    # Posts 4 to 7 list it among their five earlier posts; 1 to 3 come before it.
    assert {"talks", "talks-feed", "stories", "box-4", "box-5", "box-6", "box-7"} <= thrown
    assert {"box-1", "box-2", "box-3", "box-ice", "box-weather", "shipping"}.isdisjoint(thrown)
    assert "Round 3½" in reader.text("post-7")


def test_earlier_post_retitled_throws_away_the_later_boxes_showing_it(site, reader, committed):
    post = site[2][2]

    def retitle():
        post.title = "Round 2, in Vienna"
        post_publish(post=post)

    thrown = reader.thrown_away_by(retitle, committed)

    # Boxes of posts 3 to 7 list Round 2 (its own goes with any publication of it).
    assert {f"box-{n}" for n in (3, 4, 5, 6, 7)} <= thrown
    assert {"box-1", "box-ice", "box-weather", "shipping"}.isdisjoint(thrown)
    assert {"talks", "talks-feed"} <= thrown
    assert "Round 2, in Vienna" in reader.text("post-5")


def test_story_retitled_throws_away_its_pages_and_boxes_only(site, reader, committed):
    talks = site[0]

    def retitle():
        talks.title = "Nuclear negotiations"
        talks.save()

    thrown = reader.thrown_away_by(retitle, committed)

    talks_posts = {f"post-{n}" for n in range(1, 8)}
    assert thrown == {
        "talks",
        "talks-feed",
        "stories",
        *talks_posts,
        *(f"box-{n}" for n in range(1, 8)),
    }
    assert "Nuclear negotiations" in reader.text("post-3")


def test_story_saved_unchanged_throws_nothing_away(site, reader, committed):
    assert reader.thrown_away_by(lambda: site[0].save(), committed) == set()


def test_post_taken_out_of_a_story_leaves_its_page_and_the_boxes_after_it(site, reader, committed):
    post = site[2][3]

    def take_out():
        post.story_memberships.set([])
        post_publish(post=post)

    thrown = reader.thrown_away_by(take_out, committed)

    assert {"talks", "talks-feed", "stories", "box-3", "box-4", "box-7"} <= thrown
    assert {"box-1", "box-2", "shipping", "box-ice"}.isdisjoint(thrown)
    assert "Round 3" not in reader.text("talks")
    assert "Round 3" not in reader.text("post-4")
    assert not StoryPost.objects.filter(post=post).exists()
