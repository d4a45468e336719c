"""Readers' comments from an archive, with their threads kept whole."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import NAME_MAX_LENGTH, Comment
from broadsheet.importers.records import CommentKind, CommentRecord, CommentStatus
from broadsheet.importers.results import Changes, Kind, Outcome, plural

ANONYMOUS = "Anonymous"
_EMAIL = (EmailValidator(), Comment._meta.get_field("author_email").max_length)
_WEBSITE = (
    URLValidator(schemes=["http", "https"]),
    Comment._meta.get_field("author_url").max_length,
)


def comments_store(*, post: PostPage, records: Sequence[CommentRecord], changes: Changes) -> None:
    """Create or update the comments ``records`` describe on ``post``, matched by source id.

    Threads are kept whole, however deep: each reply is filed under the comment it
    answers (the post page decides how deep to show them nested). A reply to a comment
    the archive lacks becomes a comment of its own. Pingbacks and trackbacks are kept
    as what they are, waiting for a moderator.
    """
    if not records:
        return
    records, parents = _threads(records, changes)
    existing = {comment.source_id: comment for comment in post.comments.exclude(source_id="")}
    stored: dict[str, Comment] = {}
    # Parents first, so that each reply finds its parent's row.
    for record in records:
        parent_id = parents[record.source_id]
        values = _values(record, stored[parent_id] if parent_id else None, changes)
        comment = existing.get(record.source_id)
        if comment is None:
            comment = Comment.objects.create(post=post, source_id=record.source_id, **values)
            changes.count(Kind.COMMENT, Outcome.CREATED)
        else:
            if record.kind is not CommentKind.COMMENT:
                # A moderator's decision on a notice stands: importing again keeps it.
                values.pop("status")
            if any(getattr(comment, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(comment, name, value)
                comment.save(update_fields=list(values))
                changes.count(Kind.COMMENT, Outcome.UPDATED)
            else:
                changes.count(Kind.COMMENT, Outcome.UNCHANGED)
        stored[record.source_id] = comment
    _note_notices(records, changes)


def comments_add(*, posts: Sequence[tuple[PostPage, Sequence[CommentRecord], Changes]]) -> list:
    """Add the comments of new posts, each post's ``records`` as ``comments_store`` would,
    in one write per depth of reply across them all; the new comments' keys.

    A reply shown at once is marked as told: the task that tells a thread's listeners of
    it (comments.signals) would find none, since no comment of a new post asked.
    """
    levels: list[list[Comment]] = []
    now = timezone.now()
    for post, records, changes in posts:
        if not records:
            continue
        records, parents = _threads(records, changes)
        made: dict[str, Comment] = {}
        for record in records:
            parent_id = parents[record.source_id]
            parent = made[parent_id] if parent_id else None
            values = _values(record, None, changes)
            del values["parent_id"]  # The parent has no key yet: it is given below.
            comment = Comment(post=post, parent=parent, source_id=record.source_id, **values)
            if parent is not None and comment.status == Comment.Status.APPROVED:
                comment.replies_notified_at = now
            depth = _depth(record.source_id, parents)
            if depth == len(levels):
                levels.append([])
            levels[depth].append(comment)
            made[record.source_id] = comment
            changes.count(Kind.COMMENT, Outcome.CREATED)
        _note_notices(records, changes)
    keys: list[int] = []
    for level in levels:
        # The level above has its keys now: each reply takes its parent's.
        keys.extend(comment.pk for comment in Comment.objects.bulk_create(level))
    return keys


def _threads(
    records: Sequence[CommentRecord], changes: Changes
) -> tuple[list[CommentRecord], dict[str, str]]:
    """The distinct ``records``, parents before their replies, and each one's parent's id."""
    records = _distinct(records, changes)
    by_source_id = {record.source_id: record for record in records}
    parents = {record.source_id: _parent(record, by_source_id, changes) for record in records}
    return sorted(records, key=lambda record: _depth(record.source_id, parents)), parents


def _note_notices(records: Sequence[CommentRecord], changes: Changes) -> None:
    notices = sum(record.kind is not CommentKind.COMMENT for record in records)
    if notices:
        changes.note(
            f"{plural(notices, 'pingback or trackback', 'pingbacks and trackbacks')} kept "
            "apart from the comments, waiting for a moderator under Comments to moderate"
        )


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


def _parent(record: CommentRecord, by_source_id: dict[str, CommentRecord], changes: Changes) -> str:
    """The source id of the comment ``record`` answers, "" when it starts a thread.

    A parent the archive lacks, or a parent that would make a loop of replies (in a
    damaged file), leaves the comment starting a thread of its own.
    """
    if not record.parent_source_id:
        return ""
    if record.parent_source_id not in by_source_id:
        changes.note(
            f"comment {record.source_id} answers comment {record.parent_source_id}, "
            "which is not in the archive: shown as a comment of its own"
        )
        return ""
    # Up the thread to its start, or back to this comment in a loop.
    seen: set[str] = set()
    current: CommentRecord | None = record
    while current is not None and current.source_id not in seen:
        seen.add(current.source_id)
        current = by_source_id.get(current.parent_source_id)
    if current is not None:
        changes.note(f"comment {record.source_id} is part of a loop of replies: shown on its own")
        return ""
    return record.parent_source_id


def _depth(source_id: str, parents: dict[str, str]) -> int:
    depth = 0
    while parents.get(source_id):
        source_id = parents[source_id]
        depth += 1
    return depth


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
        "status": _status(record),
        "created_at": record.date,
        "kind": Comment.Kind(record.kind.value),
    }


def _status(record: CommentRecord) -> Comment.Status:
    # A notice another site sent is not a reader's word: it waits for a moderator, as
    # WordPress's own moderation would have it, unless the source threw it out already.
    if record.kind is not CommentKind.COMMENT and record.status is CommentStatus.APPROVED:
        return Comment.Status.PENDING
    return Comment.Status(record.status.value)


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
