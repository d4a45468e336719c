"""Each topic's feed: the latest posts that mention the entity, in RSS 2.0 or Atom."""

from django.shortcuts import get_object_or_404

from broadsheet.entities.models import Entity
from broadsheet.entities.selectors import posts_mentioning
from broadsheet.feeds.feeds import LatestPostsFeed
from broadsheet.topics import cache_tags


class TopicFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Entity, slug=slug)

    def posts(self, entity):
        return posts_mentioning(entity)

    def listing(self, entity):
        return cache_tags.topic_listing(entity.pk)

    def subject_tags(self, entity):
        return (
            cache_tags.entity(entity.pk),
            cache_tags.entity_about(entity.pk),
            cache_tags.topic(entity.pk),
        )

    def title(self, entity):
        return f"{entity.name} · {self.site_name}"

    def link(self, entity):
        return entity.get_absolute_url()

    def description(self, entity):
        return entity.description or f"The latest posts about {entity.name}."
