"""A post republished with a note, as the edit form's hook records it; dates pinned."""

import datetime as dt

from django.utils import timezone
from wagtail.models import Revision

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories
from broadsheet.corrections.services import correction_record

NOTE_DATE = dt.datetime(2024, 3, 5, 10, 30, tzinfo=timezone.get_current_timezone())


def republish_with_note(post, *, paragraphs, kind="correction", note, at=NOTE_DATE):
    previous = Revision.objects.get(pk=post.live_revision_id)
    post.body = factories.paragraphs_body(*paragraphs)
    post = post_publish(post=post)
    return correction_record(
        post=post,
        kind=kind,
        note=note,
        revision=post.live_revision,
        previous_revision=previous,
        published_at=at,
    )
