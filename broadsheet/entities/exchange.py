"""Entities in Broadsheet's JSON export, and back in from it (exporters, importers).

The document's ``entities`` section lists every entity, countries first (a city names
its country), each as ``{"slug", "name", "kind", "description", "code", "country":
slug | null, "aliases": [names]}``; each post's entry carries ``"entities": [{"entity":
slug, "count", "source": "found" | "editor", "excluded"}]``, so that editors' additions
and removals travel too. Suggestions stay behind: a rebuild makes them again.

An entity is the same entity on both sites when its kind and code are (a country, a
city), else when its kind and name are: importing twice changes nothing.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import transaction

from broadsheet.entities.models import Entity, EntityAlias, PostEntity
from broadsheet.entities.services import unique_slug

# Countries first: a city's entry names its country, made before it on import.
_KIND_ORDER = {kind: number for number, kind in enumerate(Entity.Kind.values)}


def entities_for_export() -> Iterator[dict[str, Any]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for entity_id, name in EntityAlias.objects.order_by("name").values_list("entity_id", "name"):
        aliases[entity_id].append(name)
    entities = Entity.objects.select_related("country")
    for entity in sorted(entities, key=lambda e: (_KIND_ORDER[e.kind], e.slug)):
        yield {
            "slug": entity.slug,
            "name": entity.name,
            "kind": entity.kind,
            "description": entity.description,
            "code": entity.code,
            "country": entity.country.slug if entity.country else None,
            "aliases": aliases.get(entity.pk, []),
        }


def mentions_by_post() -> dict[int, list[dict[str, Any]]]:
    """Every post's entities, by the post's primary key: one query for a whole export."""
    by_post: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = PostEntity.objects.select_related("entity").order_by("post_id", "entity__slug")
    for row in rows:
        by_post[row.post_id].append(
            {
                "entity": row.entity.slug,
                "count": row.count,
                "source": row.source,
                "excluded": row.excluded,
            }
        )
    return dict(by_post)


def entity_matching(*, kind: str, code: str, name: str) -> Entity | None:
    """This site's entity for an exported one, if it has one."""
    if code:
        return Entity.objects.filter(kind=kind, code=code).first()
    return Entity.objects.filter(kind=kind, name=name).order_by("pk").first()


@transaction.atomic
def entity_store(*, entry: Mapping[str, Any]) -> tuple[Entity, bool]:
    """The exported entity on this site, made if missing; its aliases added, and its
    description filled where this site's is empty. True if anything was written."""
    entity = entity_matching(kind=entry["kind"], code=entry["code"], name=entry["name"])
    changed = False
    if entity is None:
        country = None
        if entry["country"]:
            country = Entity.objects.filter(kind=Entity.Kind.COUNTRY, slug=entry["country"]).first()
        entity = Entity.objects.create(
            name=entry["name"],
            slug=unique_slug(entry["slug"]),
            kind=entry["kind"],
            description=entry["description"],
            code=entry["code"],
            country=country,
        )
        changed = True
    elif entry["description"] and not entity.description:
        entity.description = entry["description"]
        entity.save(update_fields=["description"])
        changed = True
    have = set(entity.aliases.values_list("name", flat=True))
    new_aliases = [name for name in dict.fromkeys(entry["aliases"]) if name not in have]
    EntityAlias.objects.bulk_create([EntityAlias(entity=entity, name=n) for n in new_aliases])
    return entity, changed or bool(new_aliases)


@transaction.atomic
def post_mentions_store(
    *, post, entries: Iterable[Mapping[str, Any]], entities: Mapping[str, Entity]
) -> int:
    """The exported post's entities on ``post``, editors' additions and removals as they
    were; ``entities`` maps the export's slugs to this site's entities. Returns how many
    rows were added or changed."""
    existing = {row.entity_id: row for row in PostEntity.objects.filter(post=post)}
    written = 0
    for entry in entries:
        entity = entities.get(entry["entity"])
        if entity is None:
            continue
        values = {"count": entry["count"], "source": entry["source"], "excluded": entry["excluded"]}
        row = existing.get(entity.pk)
        if row is None:
            PostEntity.objects.create(post=post, entity=entity, **values)
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
        else:
            continue
        written += 1
    return written
