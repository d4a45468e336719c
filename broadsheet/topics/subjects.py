"""The entities a post's page shows: links under it, and its JSON-LD ``about``/``mentions``."""

from broadsheet.entities.models import Entity
from broadsheet.entities.selectors import entities_for_post
from broadsheet.pagecache.dependencies import depends_on
from broadsheet.topics import cache_tags

SCHEMA_ORG_TYPES: dict[str, str] = {
    Entity.Kind.COUNTRY: "Country",
    Entity.Kind.CITY: "City",
    Entity.Kind.PERSON: "Person",
    Entity.Kind.ORGANISATION: "Organization",
}


def shown_entities(post) -> list[Entity]:
    """The post's entities, most mentioned first, declared to the page cache."""
    # Asked by the post's links and its JSON-LD: read once per post object.
    entities = post.__dict__.get("_shown_entities")
    if entities is None:
        entities = post.__dict__["_shown_entities"] = list(entities_for_post(post))
    depends_on(cache_tags.post_entities(post.pk), *(cache_tags.entity(e.pk) for e in entities))
    return entities


def is_about(entity, most_mentions: int) -> bool:
    """A main subject: named at least half as often as the most named one, or added by
    an editor though the text never names it (they know what the post is about)."""
    return entity.mention_count == 0 or 2 * entity.mention_count >= most_mentions


def schema_org_subjects(post, absolute) -> dict:
    """``about`` and ``mentions`` for the post's NewsArticle, each a list of things with
    their topic page as ``url``; an empty dict for a post with no entity."""
    entities = shown_entities(post)
    if not entities:
        return {}
    most = max(entity.mention_count for entity in entities)
    about: list[dict[str, str]] = []
    mentions: list[dict[str, str]] = []
    for entity in entities:
        thing = {
            "@type": SCHEMA_ORG_TYPES.get(entity.kind, "Thing"),
            "name": entity.name,
            "url": absolute(entity.get_absolute_url()),
        }
        (about if is_about(entity, most) else mentions).append(thing)
    data = {"about": about}
    if mentions:
        data["mentions"] = mentions
    return data
