"""Writes to the counts: a like, a batch of views, and forgetting who was counted."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from broadsheet.blog.models import PostPage
from broadsheet.engagement.models import DailyView, Like, PostStats

# Who was counted is kept for today and the two days before, so a task that waited in
# the queue over midnight still finds its day's rows. Older rows would only serve to
# test guesses of who read what.
KEEP_DAYS = 2
# Readers behind one address (a household, an office, a phone network) who may each like
# a post on one day; past it, one address changing its user agent counts no more.
LIKES_PER_ADDRESS = 3


def _stats_add(*, post_id: int, field: str, amount: int = 1) -> None:
    """Add to a count in the database itself (F()), so concurrent counts all count."""
    if PostStats.objects.filter(post_id=post_id).update(**{field: F(field) + amount}):
        return
    try:
        with transaction.atomic():
            PostStats.objects.create(post_id=post_id, **{field: amount})
    except IntegrityError:
        # Another count made the row between the update and the create.
        PostStats.objects.filter(post_id=post_id).update(**{field: F(field) + amount})


def _like_slot_taken(*, post_id: int, reader_hash: str, address_hash: str, day: date) -> bool:
    """Record a like in the first free slot of its address; False if none is free or
    this reader already liked the post that day."""
    if Like.objects.filter(post_id=post_id, day=day, reader_hash=reader_hash).exists():
        return False
    for slot in range(LIKES_PER_ADDRESS):
        try:
            with transaction.atomic():
                Like.objects.create(
                    post_id=post_id,
                    day=day,
                    reader_hash=reader_hash,
                    address_hash=address_hash,
                    address_slot=slot,
                )
        except IntegrityError:
            # That slot is taken (or this reader's like won a race): try the next.
            continue
        return True
    return False


@transaction.atomic
def like_add(*, post_id: int, reader_hash: str, address_hash: str, day: date) -> bool:
    """Count a like, unless this reader already liked the post on ``day`` or its address
    has given ``LIKES_PER_ADDRESS`` likes to it that day. True if counted.

    One like per reader per *day*, not per reader for ever: the reader hash is salted
    with the day (see readers.py), so tomorrow the same reader is a stranger and may like
    the post again. Telling days apart would need a lasting identifier, a cookie or a
    stored hash, which is what this design refuses to keep.
    """
    taken = _like_slot_taken(
        post_id=post_id, reader_hash=reader_hash, address_hash=address_hash, day=day
    )
    if not taken:
        return False
    _stats_add(post_id=post_id, field="like_count")
    return True


@dataclass(frozen=True, slots=True)
class View:
    """One reader's view of one post on one day, as the beacon saw it."""

    post_id: int
    reader_hash: str
    day: date


# Far below any database's limit on bound parameters.
_CHUNK = 300


@transaction.atomic
def views_record(*, views: Iterable[View]) -> dict[int, int]:
    """Count a batch of views, each reader once a post a day; returns the views counted by post.

    Views of posts readers cannot see (deleted, unpublished since) are dropped. One
    transaction for the whole batch: a thousand views cost a handful of statements.
    """
    views = set(views)
    if not views:
        return {}
    _serialise_counting()
    visible = set(
        PostPage.objects.published()
        .filter(pk__in={view.post_id for view in views})
        .values_list("pk", flat=True)
    )
    views = {view for view in views if view.post_id in visible}
    new = views - _already_counted(views)
    DailyView.objects.bulk_create(
        [DailyView(post_id=v.post_id, reader_hash=v.reader_hash, day=v.day) for v in new],
        ignore_conflicts=True,
    )
    counted = Counter(view.post_id for view in new)
    for post_id, count in counted.items():
        _stats_add(post_id=post_id, field="view_count", amount=count)
    return dict(counted)


def _serialise_counting() -> None:
    """Batches from several processes take turns, so none counts a reader another just did.

    SQLite's write transactions already take turns (IMMEDIATE, see settings/database.py);
    PostgreSQL's read-committed ones do not, so they queue on an advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VIEW_COUNTING_LOCK])


# Any constant: the advisory lock that PostgreSQL batches of views queue on.
VIEW_COUNTING_LOCK = 720_301


def _already_counted(views: set[View]) -> set[View]:
    found: set[View] = set()
    ordered = sorted(views, key=lambda v: (v.post_id, v.day, v.reader_hash))
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        rows = DailyView.objects.filter(
            post_id__in={v.post_id for v in chunk},
            day__in={v.day for v in chunk},
            reader_hash__in={v.reader_hash for v in chunk},
        ).values_list("post_id", "reader_hash", "day")
        found.update(View(*row) for row in rows)
    return found


@transaction.atomic
def engagement_prune(*, today: date) -> int:
    """Forget who was counted more than KEEP_DAYS ago; the counts stay. Returns rows deleted."""
    cutoff = today - timedelta(days=KEEP_DAYS)
    views, _ = DailyView.objects.filter(day__lt=cutoff).delete()
    likes, _ = Like.objects.filter(day__lt=cutoff).delete()
    return views + likes
