"""A story's feed: its latest posts, newest first, in RSS 2.0 or Atom."""

from django.shortcuts import get_object_or_404

from broadsheet.feeds.feeds import LatestPostsFeed
from broadsheet.stories import cache_tags
from broadsheet.stories.models import Story


class StoryFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Story, slug=slug)

    def posts(self, story):
        return super().posts(story).filter(story_memberships__story=story)

    def listing(self, story):
        return f"story-{story.pk}"

    def subject_tags(self, story):
        # Which posts it holds, and its title and summary (the channel's).
        return cache_tags.story(story.pk), cache_tags.story_posts(story.pk)

    def title(self, story):
        return f"{story.title} · {self.site_name}"

    def link(self, story):
        return story.get_absolute_url()

    def description(self, story):
        return story.summary or f"The latest posts in the story “{story.title}”."
