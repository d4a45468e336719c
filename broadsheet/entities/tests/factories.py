"""Small factories for entity tests."""

import itertools

from django.utils.text import slugify

from broadsheet.entities.models import Entity, EntityAlias, PostEntity

_sequence = itertools.count(1)


def entity(name=None, *, kind=Entity.Kind.PERSON, aliases=(), **fields) -> Entity:
    name = name or f"Entity {next(_sequence)}"
    made = Entity.objects.create(
        name=name, slug=fields.pop("slug", slugify(name, allow_unicode=True)), kind=kind, **fields
    )
    for alias in aliases:
        EntityAlias.objects.create(entity=made, name=alias)
    return made


def mention(post, entity, *, count=1, **fields) -> PostEntity:
    return PostEntity.objects.create(post=post, entity=entity, count=count, **fields)
