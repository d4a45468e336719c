"""What the admin reads: each issue's progress, and how the list of subscribers grows."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from broadsheet.newsletter.models import Delivery, Issue, Subscriber

# What the admin shows for an issue: waiting covers queued and sending.
PROGRESS = {
    "waiting": [Delivery.Status.QUEUED, Delivery.Status.SENDING],
    "sent": [Delivery.Status.SENT, Delivery.Status.UNCONFIRMED],
    "failed": [Delivery.Status.FAILED],
    "skipped": [Delivery.Status.SKIPPED],
}


def issues_with_progress(*, count: int | None = 50):
    """The latest ``count`` issues (None: all), with their deliveries counted by PROGRESS."""
    counts = {
        name: Count("deliveries", filter=Q(deliveries__status__in=statuses))
        for name, statuses in PROGRESS.items()
    }
    return (
        Issue.objects.select_related("post")
        .annotate(total=Count("deliveries"), **counts)
        .order_by("-created_at", "-pk")[:count]
    )


def subscriber_counts() -> dict[str, int]:
    rows = Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(Subscriber.Status.values, 0)
    counts.update(dict(rows))
    return counts


@dataclass(frozen=True)
class Week:
    start: dt.date
    joined: int
    left: int


def subscriber_growth(*, weeks: int = 12, now: dt.datetime | None = None) -> list[Week]:
    """Confirmations and departures (unsubscribed) by week, the latest ``weeks``, oldest first."""
    now = now or timezone.now()
    this_week = timezone.localdate(now) - dt.timedelta(days=timezone.localdate(now).weekday())
    first = this_week - dt.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time()))

    def by_week(field: str) -> dict[dt.date, int]:
        rows = (
            # A story's follower confirmed a mailbox, not the newsletter (broadsheet.stories).
            Subscriber.objects.exclude(status=Subscriber.Status.FOLLOWER)
            .filter(**{f"{field}__gte": since})
            .annotate(week=TruncWeek(field))
            .values_list("week")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {timezone.localdate(week) if isinstance(week, dt.datetime) else week: n
                for week, n in rows}  # fmt: skip

    joined, left = by_week("confirmed_at"), by_week("unsubscribed_at")
    starts = [first + dt.timedelta(weeks=n) for n in range(weeks)]
    return [Week(start, joined.get(start, 0), left.get(start, 0)) for start in starts]
