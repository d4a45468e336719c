"""Reads of stories that their pages, feeds, boxes and emails share."""

import datetime as dt
import itertools
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from broadsheet.blog.models import PostPage
from broadsheet.core.memo import remember
from broadsheet.stories.models import PREVIOUSLY_COUNT, Story, StoryPost


def story_posts(story: Story):
    """The story's published posts, oldest first: its timeline."""
    return (
        PostPage.objects.published()
        .filter(story_memberships__story=story)
        .select_related("author")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class TimelineDay:
    """The posts of one day in a story's timeline, in the site's time zone."""

    day: dt.date
    posts: list[PostPage]


def timeline_days(posts) -> list[TimelineDay]:
    """``posts`` (oldest first) grouped by the day they were published, as readers date them."""

    def local_day(post):
        return timezone.localtime(post.date).date()

    return [TimelineDay(day, list(group)) for day, group in itertools.groupby(posts, local_day)]


def _posts_in_any_story() -> frozenset[int]:
    return frozenset(StoryPost.objects.values_list("post_id", flat=True).distinct())


@dataclass(frozen=True)
class Previously:
    """One story a post belongs to, and the posts just before it there, oldest first."""

    story: Story
    earlier: list[PostPage]


def previously_for(post: PostPage, *, count: int = PREVIOUSLY_COUNT) -> list[Previously]:
    """For each story ``post`` is in, its ``count`` earlier published posts.

    Most posts are in no story: which are is remembered between purges (core.memo), so
    their pages ask nothing more of the database.
    """
    if post.pk not in remember("posts-in-stories", _posts_in_any_story):
        return []
    stories = Story.objects.filter(memberships__post=post).order_by("title", "pk")
    before = Q(date__lt=post.date) | Q(date=post.date, pk__lt=post.pk)
    boxes = []
    for story in stories:
        earlier = list(
            PostPage.objects.published()
            .filter(before, story_memberships__story=story)
            .order_by("-date", "-pk")[:count]
        )
        boxes.append(Previously(story=story, earlier=earlier[::-1]))
    return boxes


def posts_after(story_id: int, *, date: dt.datetime, pk: int, count: int) -> list[int]:
    """The first ``count`` published posts of the story after a post at ``date``: those
    whose "Previously" boxes list it."""
    after = Q(date__gt=date) | Q(date=date, pk__gt=pk)
    return list(
        PostPage.objects.published()
        .filter(after, story_memberships__story_id=story_id)
        .order_by("date", "pk")
        .values_list("pk", flat=True)[:count]
    )
