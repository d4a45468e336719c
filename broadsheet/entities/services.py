"""Writes of entities: a post's extraction, editors' additions and removals, and the
suggestions editors accept, merge or dismiss. Each runs in one transaction."""

from collections import Counter
from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.text import slugify

from broadsheet.blog.text import body_text_parts
from broadsheet.entities.extraction import Vocabulary, extract
from broadsheet.entities.gazetteer import Place, gazetteer
from broadsheet.entities.models import (
    Entity,
    EntityAlias,
    EntitySuggestion,
    PostEntity,
    PostNameCandidate,
)
from broadsheet.entities.tokens import name_tokens

# A name written in this many posts is suggested to editors.
SUGGESTION_MIN_POSTS = 2


def site_vocabulary() -> Vocabulary:
    """The gazetteer's names, with every name and alias of the site's entities on top.

    A gazetteer place's own name is left to the gazetteer, which knows when "Georgia" is
    the country; its aliases an editor added ("Persia") are the site's.
    """
    site_names = list(EntityAlias.objects.values_list("name", "entity_id"))
    person_names = []
    for pk, name, kind, code in Entity.objects.values_list("pk", "name", "kind", "code"):
        if kind in (Entity.Kind.COUNTRY, Entity.Kind.CITY) and code:
            continue
        site_names.append((name, pk))
        if kind == Entity.Kind.PERSON:
            person_names.append((name, pk))
    return Vocabulary.build(site_names=site_names, person_names=person_names)


def post_text_segments(post) -> list[str]:
    """What the extraction reads: the title, then the body block by block."""
    return [post.title, *body_text_parts(post.body)]


def unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name, allow_unicode=True)[:190] or "entity"
    taken = Entity.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken_slugs:
        slug, n = f"{base}-{n}", n + 1
    return slug


def entity_for_place(place: Place) -> Entity:
    """The site's entity for a gazetteer country or city, made on its first mention."""
    found = Entity.objects.filter(kind=place.kind, code=place.code).first()
    if found is not None:
        return found
    country = None
    if place.country_code:
        country_place = gazetteer().countries().get(place.country_code)
        country = entity_for_place(country_place) if country_place else None
    try:
        with transaction.atomic():
            return Entity.objects.create(
                kind=place.kind,
                code=place.code,
                name=place.name,
                slug=unique_slug(place.name),
                country=country,
            )
    except IntegrityError:  # Made meanwhile by another worker extracting another post.
        return Entity.objects.get(kind=place.kind, code=place.code)


@transaction.atomic
def post_entities_extract(*, post, vocabulary: Vocabulary | None = None) -> bool:
    """Store what ``post`` mentions now; True if the entities it shows changed.

    Idempotent: the same text gives the same rows. Entities an editor added stay (their
    count follows the text), and those an editor removed stay removed.
    """
    vocabulary = vocabulary or site_vocabulary()
    result = extract(post_text_segments(post), vocabulary)
    found: Counter = Counter()
    for place, count in result.places.items():
        found[entity_for_place(place).pk] += count
    for entity_id, count in result.known.items():
        found[entity_id] += count
    # A vocabulary kept through a long rebuild may name an entity deleted meanwhile.
    found = Counter(
        {pk: found[pk] for pk in Entity.objects.filter(pk__in=found).values_list("pk", flat=True)}
    )

    existing = {row.entity_id: row for row in PostEntity.objects.filter(post=post)}
    shown_changed = set()
    new_rows = []
    for entity_id, count in found.items():
        row = existing.get(entity_id)
        if row is None:
            new_rows.append(PostEntity(post=post, entity_id=entity_id, count=count))
            shown_changed.add(entity_id)
        elif row.count != count:
            row.count = count
            row.save(update_fields=["count"])
            if not row.excluded:
                shown_changed.add(entity_id)
    PostEntity.objects.bulk_create(new_rows)
    gone = [
        row
        for entity_id, row in existing.items()
        if entity_id not in found and row.source == PostEntity.Source.FOUND and not row.excluded
    ]
    PostEntity.objects.filter(pk__in=[row.pk for row in gone]).delete()
    shown_changed.update(row.entity_id for row in gone)
    for entity_id, row in existing.items():
        if entity_id not in found and row not in gone and row.count:
            row.count = 0  # An editor's entity the text no longer names: theirs to remove.
            row.save(update_fields=["count"])

    _post_candidates_replace(post=post, names=result.candidates, vocabulary=vocabulary)
    # The pages showing entities (the topics app's) are purged by that app: on the
    # mentions' signals, and for these bulk writes when the extraction task finishes.
    return bool(shown_changed)


def _post_candidates_replace(*, post, names: set[str], vocabulary: Vocabulary) -> None:
    before = set(PostNameCandidate.objects.filter(post=post).values_list("name", flat=True))
    names = {name[:200] for name in names}
    PostNameCandidate.objects.filter(post=post, name__in=before - names).delete()
    PostNameCandidate.objects.bulk_create(
        [PostNameCandidate(post=post, name=name) for name in names - before]
    )
    suggestions_refresh(names=before | names, vocabulary=vocabulary)


def suggestions_refresh(*, names: Iterable[str], vocabulary: Vocabulary | None = None) -> None:
    """Count the posts writing each name; suggest those in enough posts that no entity
    knows. Editors' decisions (accepted, merged, dismissed) are kept."""
    names = set(names)
    if not names:
        return
    vocabulary = vocabulary or site_vocabulary()
    counts = dict(
        PostNameCandidate.objects.filter(name__in=names)
        .values_list("name")
        .annotate(posts=Count("post", distinct=True))
        .values_list("name", "posts")
    )
    existing = {s.name: s for s in EntitySuggestion.objects.filter(name__in=names)}
    for name in names:
        posts = counts.get(name, 0)
        suggestion = existing.get(name)
        known = name_tokens(name) in vocabulary.names
        if suggestion is None:
            if posts >= SUGGESTION_MIN_POSTS and not known:
                EntitySuggestion.objects.create(name=name, post_count=posts)
        elif suggestion.status == EntitySuggestion.Status.PENDING and (
            posts < SUGGESTION_MIN_POSTS or known
        ):
            suggestion.delete()
        elif suggestion.post_count != posts:
            suggestion.post_count = posts
            suggestion.save(update_fields=["post_count", "updated_at"])


@transaction.atomic
def post_entity_add(*, post, entity: Entity) -> PostEntity:
    """An editor tags ``post`` with ``entity``: shown whatever the text says, until removed."""
    row, created = PostEntity.objects.get_or_create(
        post=post, entity=entity, defaults={"source": PostEntity.Source.EDITOR}
    )
    if not created and (row.excluded or row.source != PostEntity.Source.EDITOR):
        row.excluded = False
        row.source = PostEntity.Source.EDITOR
        row.save(update_fields=["excluded", "source"])
    return row


@transaction.atomic
def post_entity_remove(*, post, entity: Entity) -> PostEntity:
    """An editor removes ``entity`` from ``post``: kept as removed, so that extracting the
    post again never brings it back."""
    row, _ = PostEntity.objects.get_or_create(
        post=post, entity=entity, defaults={"source": PostEntity.Source.EDITOR, "excluded": True}
    )
    if not row.excluded:
        row.excluded = True
        row.save(update_fields=["excluded"])
    return row


@transaction.atomic
def suggestion_accept(*, suggestion: EntitySuggestion, kind: str) -> Entity:
    """A suggested name becomes a person or organisation; the posts writing it get it."""
    if kind not in (Entity.Kind.PERSON, Entity.Kind.ORGANISATION):
        raise ValueError(f"A suggestion becomes a person or an organisation, not {kind!r}.")
    entity = Entity.objects.filter(name=suggestion.name, kind=kind).first()
    if entity is None:
        entity = Entity.objects.create(
            name=suggestion.name, slug=unique_slug(suggestion.name), kind=kind
        )
    suggestion.status = EntitySuggestion.Status.ACCEPTED
    suggestion.merged_into = entity
    suggestion.save(update_fields=["status", "merged_into", "updated_at"])
    _posts_writing_extract_again(suggestion.name)
    return entity


@transaction.atomic
def suggestion_merge(*, suggestion: EntitySuggestion, entity: Entity) -> EntityAlias:
    """A suggested name is another name of ``entity``: an alias, found in its posts."""
    alias, _ = EntityAlias.objects.get_or_create(entity=entity, name=suggestion.name)
    suggestion.status = EntitySuggestion.Status.MERGED
    suggestion.merged_into = entity
    suggestion.save(update_fields=["status", "merged_into", "updated_at"])
    _posts_writing_extract_again(suggestion.name)
    return alias


@transaction.atomic
def suggestion_dismiss(*, suggestion: EntitySuggestion) -> None:
    """Not an entity: never suggested again, however many posts write it."""
    suggestion.status = EntitySuggestion.Status.DISMISSED
    suggestion.save(update_fields=["status", "updated_at"])


def entity_names_saved(*, entity: Entity) -> None:
    """An editor made or renamed an entity, or gave it other names: the posts writing
    one of them as a name nobody knew are read again (others wait for a rebuild)."""
    _posts_writing_extract_again(entity.name, *entity.aliases.values_list("name", flat=True))


def _posts_writing_extract_again(*names: str) -> None:
    from broadsheet.entities.tasks import extract_post_entities

    post_ids = PostNameCandidate.objects.filter(name__in=names).values_list("post_id", flat=True)
    for post_id in sorted(set(post_ids)):
        transaction.on_commit(partial(extract_post_entities.enqueue, post_id=post_id))
