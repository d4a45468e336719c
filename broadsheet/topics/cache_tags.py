"""What topic pages tell the page cache they show (broadsheet.pagecache.dependencies).

As in ``broadsheet.blog.cache_tags``, tags name data: ``entity:7`` is on every page that
shows entity 7's name or address (its topic page, each post linking to it, the index,
the map, a "mentioned with" list), ``topic:7`` on every page whose content comes from
the posts mentioning it (its topic page, every page of it, its feed).
"""

# ``TOPICS``: the /topics/ index and its map (how many posts mention each entity);
# ``entity(pk)``: an entity's name and address wherever shown. The entities app purges
# both when a post's mentions change (entities.services).
from broadsheet.entities.cache_tags import TOPICS, entity

__all__ = ["TOPICS", "entity", "entity_about", "post_entities", "topic", "topic_listing"]


def entity_about(pk) -> str:
    """What only its topic page shows of it: description and aliases."""
    return f"entity-about:{pk}"


def topic(pk) -> str:
    """The posts that mention entity ``pk``: its topic page and feed, their chart and
    "mentioned with" list."""
    return f"topic:{pk}"


def topic_listing(pk) -> str:
    """Its posts as a list, for the keyset paginator's memo (blog.pagination)."""
    return f"topic-{pk}"


def post_entities(pk) -> str:
    """The entities shown on post ``pk``'s page: links under it and its JSON-LD."""
    return f"post-entities:{pk}"
