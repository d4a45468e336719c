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


@transaction.atomic
def like_add(*, post_id: int, reader_hash: str, day: date) -> bool:
    """Count a like, unless this reader already liked the post on ``day``. True if counted.

    One like per reader per *day*, not per reader for ever: the reader hash is salted
    with the day (see readers.py), so tomorrow the same reader is a stranger and may like
    the post again. Telling days apart would need a lasting identifier, a cookie or a
    stored hash, which is what this design refuses to keep.
    """
    if not _first_today(Like, post_id=post_id, reader_hash=reader_hash, day=day):
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
