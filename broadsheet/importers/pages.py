"""Finding the page an earlier import made, and comparing a page with what an import wants.

Every format stores pages the same way: find the page by its identity in the source (a
Broadsheet export's translation key, else the source id), compare it with what the
source says now, and change it only when they differ, so that importing again writes
nothing. A page at the same address is taken over only when no import made it (a page
written on this site); two pages from sources are never merged because their titles
made the same slug.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.models import Page

from broadsheet.stories.exchange import memberships_apply, memberships_match


def page_matching(
    model: type[Page],
    *,
    source_id: str,
    slugs: Iterable[str] = (),
    translation_key: str | None = None,
) -> Page | None:
    """The ``model`` page an import made from this source item, else the page at one of
    ``slugs`` that no import made, else None."""
    slugs = set(slugs)
    found = Q(slug__in=slugs) if slugs else Q(pk__in=[])
    if source_id:
        found |= Q(source_id=source_id)
    if translation_key:
        found |= Q(translation_key=translation_key)
    candidates = list(model.objects.filter(found).order_by("pk"))
    by_key = [page for page in candidates if str(page.translation_key) == translation_key]
    by_source = [page for page in candidates if source_id and page.source_id == source_id]
    made_here = [page for page in candidates if page.slug in slugs and not page.source_id]
    return (by_key or by_source or made_here or [None])[0]


@dataclass(frozen=True)
class PageContent:
    """A page's content as an import wants it: field values, and a post's tags (None for a
    page, which has none).

    ``block_ids_matter`` compares bodies block ids and all: a Broadsheet export carries
    them, while other formats build a body afresh, with new ids, on every import.
    """

    values: Mapping[str, Any]
    tags: tuple[Tag, ...] | None = None
    # A post's stories (broadsheet.stories); None leaves them as they are.
    stories: tuple[Any, ...] | None = None
    block_ids_matter: bool = False

    def apply(self, page: Page) -> None:
        for name, value in self.values.items():
            setattr(page, name, value)
        if self.tags is not None:
            page.tags.set(self.tags)
        if self.stories is not None:
            memberships_apply(page, self.stories)

    def matches(self, page: Page) -> bool:
        for name, value in self.values.items():
            current = getattr(page, name)
            if isinstance(value, StreamValue):
                if self._body(current) != self._body(value):
                    return False
            elif current != value:
                return False
        if self.stories is not None and not memberships_match(page, self.stories):
            return False
        if self.tags is None:
            return True
        return {item.tag_id for item in page.tagged_items.all()} == {tag.pk for tag in self.tags}

    def _body(self, body: StreamValue) -> list:
        stored = body.get_prep_value()
        if self.block_ids_matter:
            return stored
        return [(block["type"], block["value"]) for block in stored]
