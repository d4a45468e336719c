"""Corrections in Broadsheet's JSON export, and back in from it (exporters, importers).

Each post's entry carries ``"corrections": [{"kind", "note", "published_at"}]``, oldest
first. The versions a note came with stay behind (Wagtail's revisions do not travel), so
an imported note has no "what changed" page.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.corrections import cache_tags
from broadsheet.corrections.models import Correction
from broadsheet.pagecache.purge import tags_purge_on_commit


def corrections_by_post() -> dict[int, list[Correction]]:
    """Every note, by its post's primary key, oldest first: one query for a whole export."""
    by_post: dict[int, list[Correction]] = defaultdict(list)
    for correction in Correction.objects.order_by("published_at", "pk"):
        by_post[correction.post_id].append(correction)
    return dict(by_post)


@transaction.atomic
def corrections_store(*, post, entries: Iterable[Mapping[str, Any]]) -> int:
    """Add the notes ``entries`` describe to ``post`` unless it has them; returns how many
    were added. A note is the same note when its kind, words and date are."""
    have = set(Correction.objects.filter(post=post).values_list("kind", "note", "published_at"))
    added = 0
    for entry in entries:
        key = (entry["kind"], entry["note"], entry["published_at"])
        if key in have:
            continue
        Correction.objects.create(
            post=post, kind=entry["kind"], note=entry["note"], published_at=entry["published_at"]
        )
        have.add(key)
        added += 1
    if added:
        tags_purge_on_commit([blog_cache_tags.post(post.pk), cache_tags.CORRECTIONS])
    return added
