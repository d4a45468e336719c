"""Readers' comments from an archive, threaded the way the site shows them."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import NAME_MAX_LENGTH, Comment
from broadsheet.importers.records import CommentRecord
from broadsheet.importers.results import Changes, Kind, Outcome

ANONYMOUS = "Anonymous"
_EMAIL = (EmailValidator(), Comment._meta.get_field("author_email").max_length)
_WEBSITE = (
    URLValidator(schemes=["http", "https"]),
    Comment._meta.get_field("author_url").max_length,
)


def comments_store(*, post: PostPage, records: Sequence[CommentRecord], changes: Changes) -> None:
    """Create or update the comments ``records`` describe on ``post``, matched by source id.

    The site shows one level of replies, so a reply to a reply is attached to the
    top-level comment its thread starts from; dates keep the conversation's order.
    """
    if not records:
        return
    records = _distinct(records, changes)
    by_source_id = {record.source_id: record for record in records}
    roots = {record.source_id: _thread_start(record, by_source_id, changes) for record in records}
    existing = {comment.source_id: comment for comment in post.comments.exclude(source_id="")}
    stored: dict[str, Comment] = {}
    # Top-level comments first, so that each reply finds its parent's row.
    for record in sorted(records, key=lambda record: roots[record.source_id] != record.source_id):
        root = roots[record.source_id]
        parent = stored[root] if root != record.source_id else None
        values = _values(record, parent, changes)
        comment = existing.get(record.source_id)
        if comment is None:
            comment = Comment.objects.create(post=post, source_id=record.source_id, **values)
            changes.count(Kind.COMMENT, Outcome.CREATED)
        elif any(getattr(comment, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(comment, name, value)
            comment.save(update_fields=list(values))
            changes.count(Kind.COMMENT, Outcome.UPDATED)
        else:
            changes.count(Kind.COMMENT, Outcome.UNCHANGED)
        stored[record.source_id] = comment


def _distinct(records: Sequence[CommentRecord], changes: Changes) -> list[CommentRecord]:
    """The records with a source id, the first of each: without one, a comment could not be
    found again, and a second import would copy it."""
    distinct: dict[str, CommentRecord] = {}
    for record in records:
        if not record.source_id:
            changes.problem(Kind.COMMENT, f"a comment by {record.author_name!r} has no id")
        elif record.source_id in distinct:
            changes.note(f"comment {record.source_id} appears twice; the first is kept")
        else:
            distinct[record.source_id] = record
    return list(distinct.values())


def _thread_start(
    record: CommentRecord, by_source_id: dict[str, CommentRecord], changes: Changes
) -> str:
    """The source id of the top-level comment ``record``'s thread starts from."""
    current, seen = record, {record.source_id}
    while current.parent_source_id:
        parent = by_source_id.get(current.parent_source_id)
        if parent is None or parent.source_id in seen:
            if current is record:
                changes.note(
                    f"comment {record.source_id} answers comment {record.parent_source_id}, "
                    "which is not in the archive: shown as a comment of its own"
                )
            break
        seen.add(parent.source_id)
        current = parent
    return current.source_id


def _values(record: CommentRecord, parent: Comment | None, changes: Changes) -> dict[str, object]:
    name = record.author_name.strip() or ANONYMOUS
    if len(name) > NAME_MAX_LENGTH:
        changes.note(f"comment {record.source_id}: the name is cut to {NAME_MAX_LENGTH} characters")
        name = name[: NAME_MAX_LENGTH - 1] + "…"
    return {
        "parent_id": parent.pk if parent else None,
        "author_name": name,
        "author_email": _valid(record.author_email, _EMAIL, record, "email", changes),
        "author_url": _valid(record.author_url, _WEBSITE, record, "website", changes),
        "body": record.body,
        "status": Comment.Status(record.status.value),
        "created_at": record.date,
    }


def _valid(value: str, check, record: CommentRecord, label: str, changes: Changes) -> str:
    """``value``, or "" with a note when it is not a valid address of its kind."""
    validate, max_length = check
    value = value.strip()
    if not value:
        return ""
    try:
        validate(value)
        if len(value) > max_length:
            raise ValidationError("too long")
    except ValidationError:
        changes.note(f"comment {record.source_id}: the {label} {value!r} is not valid; left out")
        return ""
    return value
