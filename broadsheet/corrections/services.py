"""Writing a correction or update note."""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.corrections import cache_tags
from broadsheet.corrections.models import Correction
from broadsheet.pagecache.purge import tags_purge_on_commit


@transaction.atomic
def correction_record(
    *,
    post,
    kind: str,
    note: str,
    revision: Revision | None,
    previous_revision: Revision | None,
    published_at=None,
) -> Correction:
    """Note that ``revision`` of ``post``, just published over ``previous_revision``,
    came with a correction or update; readers see it on the post and at /corrections/."""
    correction = Correction.objects.create(
        post=post,
        kind=kind,
        note=note.strip(),
        published_at=published_at or post.last_published_at or timezone.now(),
        revision=revision,
        previous_revision=previous_revision,
    )
    # Publishing purged the post's pages already, but maybe in an earlier transaction
    # than this one: a page rendered in between would miss the note.
    tags_purge_on_commit([blog_cache_tags.post(post.pk), cache_tags.CORRECTIONS])
    return correction
