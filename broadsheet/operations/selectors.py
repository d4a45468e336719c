"""How the background task queue is doing, for the admin dashboard."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# Tasks here are small (a search index update, a view count): one still waiting after
# this long means no worker is taking them.
STALE_AFTER = timedelta(minutes=5)
FAILURES_OVER = timedelta(hours=24)


@dataclass(frozen=True)
class TaskQueueHealth:
    waiting: int
    oldest_waiting_since: datetime | None
    running: int
    failed_recently: int
    last_failure: DBTaskResult | None
    last_finished_at: datetime | None
    stale: bool


def task_queue_health(*, now: datetime | None = None) -> TaskQueueHealth:
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    waiting = ready.aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
    oldest = waiting["oldest"]
    failed = DBTaskResult.objects.failed().filter(finished_at__gte=now - FAILURES_OVER)
    finished = DBTaskResult.objects.finished().order_by("-finished_at")
    last_finished = finished.values_list("finished_at", flat=True).first()
    return TaskQueueHealth(
        waiting=waiting["count"],
        oldest_waiting_since=oldest,
        running=DBTaskResult.objects.running().count(),
        failed_recently=failed.count(),
        last_failure=failed.order_by("-finished_at").first(),
        last_finished_at=last_finished,
        stale=oldest is not None and now - oldest > STALE_AFTER,
    )
