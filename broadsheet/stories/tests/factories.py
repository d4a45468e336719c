"""Small factories for stories' tests: stories, and posts published into them."""

import itertools

from django.utils.text import slugify

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories as blog
from broadsheet.stories.models import Story, StoryPost

_sequence = itertools.count(1)


def story(title=None, **fields) -> Story:
    title = title or f"Story number {next(_sequence)}"
    return Story.objects.create(title=title, slug=fields.pop("slug", slugify(title)), **fields)


def post_in(stories, title=None, *, user=None, **fields):
    """A post published with its place in ``stories``, as its editor's form publishes it."""
    post = blog.post(title, publish=False, **fields)
    post.story_memberships.set([StoryPost(story=s) for s in _listed(stories)])
    post.save_revision()
    return post_publish(post=post, user=user)


def _listed(stories):
    return stories if isinstance(stories, list | tuple) else [stories]
