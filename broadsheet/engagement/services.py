"""Writes to the counts: a like, a view, and forgetting who was counted."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
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


def _first_today(model, *, post_id: int, reader_hash: str, day: date) -> bool:
    """Record this reader on this post for this day; False if they already were."""
    try:
        # A savepoint, so a refused duplicate leaves the outer transaction usable.
        with transaction.atomic():
            model.objects.create(post_id=post_id, day=day, reader_hash=reader_hash)
    except IntegrityError:
        return False
    return True


def _stats_increment(*, post_id: int, field: str) -> None:
    """Add one to a count in the database itself (F()), so concurrent readers all count."""
    if PostStats.objects.filter(post_id=post_id).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            PostStats.objects.create(post_id=post_id, **{field: 1})
    except IntegrityError:
        # Another reader's first count made the row between the update and the create.
        PostStats.objects.filter(post_id=post_id).update(**{field: F(field) + 1})


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
    _stats_increment(post_id=post_id, field="like_count")
    return True


@transaction.atomic
def view_record(*, post_id: int, reader_hash: str, day: date) -> bool:
    """Count a view, unless this reader was counted on the post on ``day``. True if counted."""
    # The post may have been deleted while the task waited in the queue.
    if not PostPage.objects.filter(pk=post_id).exists():
        return False
    if not _first_today(DailyView, post_id=post_id, reader_hash=reader_hash, day=day):
        return False
    _stats_increment(post_id=post_id, field="view_count")
    return True


@transaction.atomic
def engagement_prune(*, today: date) -> int:
    """Forget who was counted more than KEEP_DAYS ago; the counts stay. Returns rows deleted."""
    cutoff = today - timedelta(days=KEEP_DAYS)
    views, _ = DailyView.objects.filter(day__lt=cutoff).delete()
    likes, _ = Like.objects.filter(day__lt=cutoff).delete()
    return views + likes
