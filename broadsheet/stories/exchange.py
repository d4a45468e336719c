"""Stories in Broadsheet's JSON export, and back in from it (exporters, importers).

The document's ``stories`` section, before the posts, describes each story::

    {"slug", "title", "summary", "description", "cover_image": image id | null,
     "cover_image_alt", "is_open", "created_at"}

and each post's ``content`` (and ``live_content``) names the stories it is in, by slug,
as ``"stories": [slug]``: a post's stories are part of its content, as its tags are, so
a draft may hold other stories than the version readers see.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction

from broadsheet.core.sanitize import sanitize_html
from broadsheet.importers.results import Changes, Outcome
from broadsheet.stories.models import Story, StoryPost

_ISO = Callable[[Any], str | None]


def stories_for_export(*, image_ids: Mapping[int, str], iso: _ISO) -> Iterable[dict[str, Any]]:
    for story in Story.objects.order_by("slug"):
        yield {
            "slug": story.slug,
            "title": story.title,
            "summary": story.summary,
            "description": story.description,
            "cover_image": image_ids.get(story.cover_image_id) if story.cover_image_id else None,
            "cover_image_alt": story.cover_image_alt,
            "is_open": story.is_open,
            "created_at": iso(story.created_at),
        }


def story_slugs_by_pk() -> dict[int, str]:
    return dict(Story.objects.values_list("pk", "slug"))


def post_story_slugs(post, slugs_by_pk: Mapping[int, str]) -> list[str]:
    """The slugs of the stories this version of the post is in."""
    return sorted(
        slugs_by_pk[m.story_id] for m in post.story_memberships.all() if m.story_id in slugs_by_pk
    )


def stories_by_slug(slugs: Iterable[str], changes: Changes) -> tuple[Story, ...]:
    """This site's stories named by ``slugs`` (stored from the export's stories first)."""
    wanted = list(dict.fromkeys(slugs))
    found = Story.objects.in_bulk(wanted, field_name="slug")
    for slug in wanted:
        if slug not in found:
            changes.note(f"its story {slug!r} is not among the export's stories; left out")
    return tuple(found[slug] for slug in wanted if slug in found)


def memberships_apply(post, stories: tuple[Story, ...]) -> None:
    """Put this version of ``post`` in exactly ``stories``, keeping memberships it has."""
    kept = {m.story_id: m for m in post.story_memberships.all()}
    post.story_memberships.set([kept.get(s.pk) or StoryPost(story=s) for s in stories])


def memberships_match(post, stories: tuple[Story, ...]) -> bool:
    return {m.story_id for m in post.story_memberships.all()} == {s.pk for s in stories}


@transaction.atomic
def story_store(*, slug: str, values: Mapping[str, Any]) -> Outcome:
    """Make or update the story at ``slug`` with ``values`` (its fields as the export has
    them, the cover as this site's image id); an unchanged story is left as it is."""
    values = {**values, "description": sanitize_html(values["description"])}
    story = Story.objects.filter(slug=slug).first()
    if story is None:
        story, outcome = Story(slug=slug), Outcome.CREATED
    elif all(getattr(story, name) == value for name, value in values.items()):
        return Outcome.UNCHANGED
    else:
        outcome = Outcome.UPDATED
    for name, value in values.items():
        setattr(story, name, value)
    story.full_clean()
    story.save()
    return outcome
