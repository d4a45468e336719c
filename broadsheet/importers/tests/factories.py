"""Records as a format would yield them, for the writer's tests; dates pinned."""

import dataclasses
import datetime as dt
import io

from django.utils import timezone
from PIL import Image as PillowImage

from broadsheet.importers.records import AuthorRecord, CommentRecord, PostRecord

MARCH_3 = dt.datetime(2024, 3, 3, 12, 0, tzinfo=timezone.get_current_timezone())


def post_record(**changes) -> PostRecord:
    record = PostRecord(
        source_id="test:talks",
        title="Talks resume in Geneva",
        slug="talks-resume-in-geneva",
        author=AuthorRecord(name="Desk Editor"),
        date=MARCH_3,
        paragraphs=("Delegations met on Monday.", "A second round is planned."),
    )
    return dataclasses.replace(record, **changes)


def comment_record(source_id: str, **changes) -> CommentRecord:
    record = CommentRecord(
        source_id=source_id,
        author_name=f"Reader {source_id}",
        body=f"Comment {source_id}.",
        date=MARCH_3 + dt.timedelta(hours=int(source_id)),
    )
    return dataclasses.replace(record, **changes)


def png_bytes(colour=(70, 110, 150), size=(32, 24)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()
