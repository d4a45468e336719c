"""Sending an issue: its deliveries queued in batches, each batch sent by one task.

Exactly once, as the delivery rows record it:

- ``queued``: written with the issue, before anything is sent.
- ``sending``: written, and committed, right before the message's final dot reaches the
  mail server (see ``transport``); the update only succeeds from ``queued``, so two
  workers can never both hand over the same delivery.
- ``sent`` once the server said 250; ``queued`` again with a later ``retry_at`` on a
  4xx; ``failed`` on a 5xx (the address bounces after a few in a row) or once the tries
  run out.

A worker killed mid-batch leaves its batch leased. ``issue_watch``, a task that comes
back while the issue is unfinished, hands a batch whose lease ran out to a new task:
its ``queued`` deliveries are sent, and a ``sending`` one, whose message the server
already had, is recorded ``unconfirmed`` and never sent again.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from broadsheet.newsletter import conf
from broadsheet.newsletter.composer import Composer, composer_for, newsletter_settings
from broadsheet.newsletter.models import Batch, Delivery, Issue, Subscriber
from broadsheet.newsletter.transport import (
    Abandoned,
    Pacer,
    Permanent,
    Temporary,
    Unconfirmed,
    mail_session,
)


def enqueue_later(task, when: datetime, **kwargs) -> bool:
    """Queue ``task`` to run at ``when``; False where the task backend cannot wait
    (Django's immediate backend, in tests), which then leaves it to the caller."""
    if not task.get_backend().supports_defer:
        return False
    task.using(run_after=when).enqueue(**kwargs)
    return True


# ---- Queueing ------------------------------------------------------------------------------


def deliveries_queue(*, issue: Issue, subscriber_ids: list[int]) -> list[Batch]:
    """Write one delivery for each subscriber, in batches, and a task for each batch.

    Call it inside the transaction that made the issue: with the database queue, the
    tasks are rows that commit with the deliveries, or not at all.
    """
    from broadsheet.newsletter.tasks import send_batch, watch_issue

    size = conf.batch_size()
    batches = []
    for number, start in enumerate(range(0, len(subscriber_ids), size)):
        batch = Batch.objects.create(issue=issue, number=number)
        Delivery.objects.bulk_create(
            [
                Delivery(issue=issue, batch=batch, subscriber_id=subscriber_id)
                for subscriber_id in subscriber_ids[start : start + size]
            ],
            batch_size=500,
        )
        batches.append(batch)
    if not batches:
        Issue.objects.filter(pk=issue.pk).update(finished_at=timezone.now())
        return batches
    enqueue_later(watch_issue, timezone.now() + conf.lease(), issue_id=issue.pk)
    for batch in batches:
        send_batch.enqueue(batch_id=batch.pk)
    return batches


# ---- A batch -------------------------------------------------------------------------------


@dataclass
class BatchReport:
    """What one run of a batch did: counts by outcome, for the task's result."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1


class _BatchRun:
    def __init__(self, batch: Batch, lease_for) -> None:
        self.batch = batch
        self.lease_for = lease_for
        if batch.lease_until is None:
            raise ValueError(f"batch {batch.pk} is run without a lease: claim it first")
        self.lease_until = batch.lease_until
        self.report = BatchReport()

    def renew_lease(self, now: datetime) -> None:
        # Written when half of it is gone: one write every minute or so, not every message.
        if self.lease_until - now < self.lease_for / 2:
            self.lease_until = now + self.lease_for
            Batch.objects.filter(pk=self.batch.pk).update(lease_until=self.lease_until)

    def hand_over(self, delivery: Delivery) -> bool:
        """Mark ``delivery`` sending, committed: the point after which it is never resent."""
        with transaction.atomic():
            taken = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.SENDING, attempts=F("attempts") + 1
            )
            self.renew_lease(timezone.now())
        return bool(taken)


def _claim(batch_id: int, lease_for) -> Batch | None:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    claimed = Batch.objects.filter(free, pk=batch_id, done=False).update(
        lease_until=now + lease_for
    )
    if not claimed:
        return None
    return Batch.objects.select_related("issue").get(pk=batch_id)


def batch_send(*, batch_id: int) -> dict[str, int]:
    """Send what is due in the batch; return how many of each outcome."""
    settings = newsletter_settings()
    pacer = Pacer(settings.emails_per_minute)
    # A worker that waits between messages needs a lease that outlasts the wait.
    lease_for = conf.lease() + 2 * timedelta(seconds=pacer.interval)
    batch = _claim(batch_id, lease_for)
    if batch is None:
        return {}
    run = _BatchRun(batch, lease_for)
    # Handed over by a worker that died before hearing back: the server has them.
    left_sending = batch.deliveries.filter(status=Delivery.Status.SENDING).update(
        status=Delivery.Status.UNCONFIRMED,
        error="The worker stopped after handing the message to the server; not sent again.",
    )
    if left_sending:
        run.report.counts["unconfirmed"] = left_sending
    composer = composer_for(batch.issue)
    if composer.withdrawn:
        _withdraw(batch, run)
    else:
        _deliver_due(batch, run, composer, pacer)
    _batch_finish(batch, run)
    return run.report.counts


def _due(batch: Batch):
    now = timezone.now()
    return (
        batch.deliveries.filter(status=Delivery.Status.QUEUED)
        .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        .select_related("subscriber")
        .order_by("pk")
    )


def _deliver_due(batch: Batch, run: _BatchRun, composer: Composer, pacer: Pacer) -> None:
    deliveries = list(_due(batch))
    composer.follow([delivery.subscriber_id for delivery in deliveries])
    with mail_session() as session:
        for delivery in deliveries:
            subscriber = delivery.subscriber
            message = composer.message(subscriber)
            if message is None:
                # Unsubscribed since, or no longer following this post's category or story.
                _mark(delivery, Delivery.Status.SKIPPED, error="No longer subscribed to it.")
                run.report.add("skipped")
                continue
            pacer.wait()
            try:
                session.deliver(
                    message,
                    commit=lambda d=delivery: run.hand_over(d),
                    # Stored normalised: plain ASCII, ready for the envelope.
                    recipients=[subscriber.email],
                )
            except Abandoned:
                run.report.add("taken by another worker")
            except Temporary as failure:
                _retry_or_fail(delivery, str(failure))
                run.report.add("deferred")
                if failure.connection_lost:
                    _defer_rest(batch, str(failure))
                    return
            except Permanent as failure:
                _bounce(delivery, subscriber, str(failure))
                run.report.add("failed")
            except Unconfirmed as failure:
                _mark(delivery, Delivery.Status.UNCONFIRMED, error=str(failure))
                run.report.add("unconfirmed")
            else:
                _mark(delivery, Delivery.Status.SENT, sent_at=timezone.now(), error="")
                if subscriber.bounce_count:
                    Subscriber.objects.filter(pk=subscriber.pk).update(bounce_count=0)
                run.report.add("sent")


def _mark(delivery: Delivery, status: str, **fields) -> None:
    in_hand = [Delivery.Status.QUEUED, Delivery.Status.SENDING]
    Delivery.objects.filter(pk=delivery.pk, status__in=in_hand).update(status=status, **fields)


def _attempts(delivery: Delivery) -> int:
    return Delivery.objects.filter(pk=delivery.pk).values_list("attempts", flat=True).get()


def _retry_or_fail(delivery: Delivery, error: str) -> None:
    # A failure before the hand-over did not count the try yet.
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
        attempts=F("attempts") + 1
    )
    attempts = _attempts(delivery)
    if attempts >= conf.max_attempts():
        error = f"Gave up after {attempts} tries: {error}"
        _mark(delivery, Delivery.Status.FAILED, error=error[:300])
        return
    _mark(
        delivery,
        Delivery.Status.QUEUED,
        retry_at=timezone.now() + conf.retry_delay(attempts),
        error=error[:300],
    )


def _defer_rest(batch: Batch, error: str) -> None:
    """The server is out of reach: the rest of the batch waits, without counting a try."""
    Delivery.objects.filter(
        batch=batch, status=Delivery.Status.QUEUED, retry_at__isnull=True
    ).update(retry_at=timezone.now() + conf.retry_delay(1), error=error[:300])


@transaction.atomic
def _bounce(delivery: Delivery, subscriber: Subscriber, error: str) -> None:
    # Refused before the hand-over (at RCPT, say): the try was not counted yet.
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
        attempts=F("attempts") + 1
    )
    _mark(delivery, Delivery.Status.FAILED, error=error[:300])
    Subscriber.objects.filter(pk=subscriber.pk).update(bounce_count=F("bounce_count") + 1)
    Subscriber.objects.filter(
        pk=subscriber.pk,
        # A story's follower bounces as a subscriber does (broadsheet.stories).
        status__in=[Subscriber.Status.ACTIVE, Subscriber.Status.FOLLOWER],
        bounce_count__gte=conf.bounce_threshold(),
    ).update(status=Subscriber.Status.BOUNCING)


def _withdraw(batch: Batch, run: _BatchRun) -> None:
    skipped = batch.deliveries.filter(status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED, error="The post was unpublished before it was sent."
    )
    if skipped:
        run.report.counts["skipped"] = run.report.counts.get("skipped", 0) + skipped


def _batch_finish(batch: Batch, run: _BatchRun) -> None:
    """Let the batch go: done, or back in the queue for when its next retry is due."""
    from broadsheet.newsletter.tasks import send_batch

    next_retry = batch.deliveries.filter(status=Delivery.Status.QUEUED).aggregate(
        at=Min("retry_at")
    )["at"]
    waiting = batch.deliveries.filter(status=Delivery.Status.QUEUED).exists()
    with transaction.atomic():
        if waiting:
            Batch.objects.filter(pk=batch.pk).update(lease_until=None)
            enqueue_later(send_batch, next_retry or timezone.now(), batch_id=batch.pk)
            return
        Batch.objects.filter(pk=batch.pk).update(lease_until=None, done=True)
        if not Batch.objects.filter(issue_id=batch.issue_id, done=False).exists():
            Issue.objects.filter(pk=batch.issue_id, finished_at__isnull=True).update(
                finished_at=timezone.now()
            )


# ---- Watching over an issue ----------------------------------------------------------------


def issue_watch(*, issue_id: int) -> int:
    """Give each batch whose worker died to a new task; come back while unfinished.

    Returns how many batches were handed on.
    """
    from broadsheet.newsletter.tasks import send_batch, watch_issue

    issue = Issue.objects.filter(pk=issue_id, finished_at__isnull=True).first()
    if issue is None:
        return 0
    now = timezone.now()
    # Queued first, so that a worker killed during this check still leaves a check to come.
    enqueue_later(watch_issue, now + conf.lease(), issue_id=issue_id)
    handed_on = 0
    for batch in issue.batches.filter(done=False, lease_until__lt=now):
        with transaction.atomic():
            released = Batch.objects.filter(pk=batch.pk, lease_until=batch.lease_until).update(
                lease_until=None
            )
            if released:
                send_batch.enqueue(batch_id=batch.pk)
                handed_on += 1
    return handed_on
