"""Writes to the newsletter: subscribing, confirming, preferences, queueing issues."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from broadsheet.blog.models import Category, PostPage
from broadsheet.newsletter.composer import newsletter_settings, site_identity
from broadsheet.newsletter.csv_import import SubscriberRow
from broadsheet.newsletter.models import Issue, Subscriber
from broadsheet.newsletter.sending import deliveries_queue
from broadsheet.newsletter.tokens import SubscriptionRequest

# ---- Readers -------------------------------------------------------------------------------


def subscription_request(*, request: SubscriptionRequest) -> None:
    """Someone asked on the form for ``request.email`` to get the newsletter.

    A new address is kept as waiting for confirmation, and sent a confirmation link;
    a subscribed one is told so, with a link to its preferences. The form says the same
    in both cases, and nothing a stranger typed changes an existing subscriber.
    """
    from broadsheet.newsletter.tasks import send_subscription_email

    _unconfirmed_forget(now=timezone.now())
    Subscriber.objects.get_or_create(
        email=request.email,
        defaults={"name": request.name, "frequency": request.frequency},
    )
    send_subscription_email.enqueue(
        email=request.email,
        name=request.name,
        category_ids=list(request.category_ids),
        frequency=request.frequency,
    )


# Addresses that never confirmed are kept this long (their link works for a week), then
# forgotten: a list of people who did not ask for anything is nobody's to keep.
FORGET_UNCONFIRMED_AFTER = dt.timedelta(days=30)


def _unconfirmed_forget(*, now: dt.datetime) -> int:
    """Delete addresses left waiting for confirmation too long. Run with each request
    to subscribe, as nothing here runs periodic jobs; the index on status makes it cheap."""
    deleted, _ = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING,
        confirmed_at__isnull=True,
        subscribed_at__lt=now - FORGET_UNCONFIRMED_AFTER,
    ).delete()
    return deleted


def _frequency(value: str, default: str) -> str:
    return value if value in Subscriber.Frequency.values else default


@transaction.atomic
def subscription_confirm(*, request: SubscriptionRequest) -> tuple[Subscriber, bool]:
    """The mailbox's owner followed the link: subscribed, with the choices they made.

    Returns the subscriber, and whether this link subscribed them (False when they were
    already: an old link never undoes what they chose since).
    """
    subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
        email=request.email, defaults={"name": request.name}
    )
    if subscriber.status == Subscriber.Status.ACTIVE:
        return subscriber, False
    subscriber.name = request.name or subscriber.name
    subscriber.frequency = _frequency(request.frequency, subscriber.frequency)
    subscriber.status = Subscriber.Status.ACTIVE
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.bounce_count = 0
    subscriber.save()
    subscriber.categories.set(Category.objects.filter(pk__in=request.category_ids))
    return subscriber, True


def subscriber_unsubscribe(*, subscriber: Subscriber) -> bool:
    """No more email, at once. True if this changed anything."""
    return bool(
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )


@transaction.atomic
def subscriber_preferences_update(
    *, subscriber: Subscriber, name: str, frequency: str, categories: Iterable[Category]
) -> Subscriber:
    subscriber.name = name
    subscriber.frequency = _frequency(frequency, subscriber.frequency)
    subscriber.save(update_fields=["name", "frequency"])
    subscriber.categories.set(categories)
    return subscriber


@transaction.atomic
def subscriber_resubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Back on the list from the preferences page, which only the mailbox's owner reaches."""
    if subscriber.status != Subscriber.Status.ACTIVE:
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.unsubscribed_at = None
        subscriber.bounce_count = 0
        subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
        subscriber.save()
    return subscriber


# ---- Issues --------------------------------------------------------------------------------


def _recipient_ids(post: PostPage) -> list[int]:
    subscribers = Subscriber.objects.following(post.category_id).filter(
        frequency=Subscriber.Frequency.EACH_POST
    )
    return list(subscribers.order_by("pk").values_list("pk", flat=True))


def issue_for_post_queue(*, post_id: int) -> Issue | None:
    """Queue the email of a newly published post; None if it was queued before, is not
    published, or its editor unticked "email subscribers"."""
    post = PostPage.objects.published().filter(pk=post_id, email_subscribers=True).first()
    if post is None:
        return None
    try:
        with transaction.atomic():
            issue = Issue.objects.create(kind=Issue.Kind.POST, post=post, subject=post.title)
            deliveries_queue(issue=issue, subscriber_ids=_recipient_ids(post))
    except IntegrityError:
        # Queued a moment ago by another publish of the same post: once is enough.
        return None
    return issue


def digest_week(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The week the latest digest covers: the seven days up to its weekday and hour."""
    options = newsletter_settings()
    local = timezone.localtime(now)
    end = local.replace(hour=options.digest_hour, minute=0, second=0, microsecond=0)
    end -= dt.timedelta(days=(local.weekday() - options.digest_weekday) % 7)
    if end > local:
        end -= dt.timedelta(days=7)
    return end - dt.timedelta(days=7), end


def _digest_recipient_ids(posts: list[PostPage]) -> list[int]:
    """Weekly subscribers who follow everything, or the category of one of ``posts``."""
    categories = {post.category_id for post in posts}
    weekly = Subscriber.objects.active().filter(frequency=Subscriber.Frequency.WEEKLY)
    followed: dict[int, set[int]] = {}
    through = Subscriber.categories.through.objects.filter(subscriber__in=weekly)
    for subscriber_id, category_id in through.values_list("subscriber_id", "category_id"):
        followed.setdefault(subscriber_id, set()).add(category_id)
    return [
        pk
        for pk in weekly.order_by("pk").values_list("pk", flat=True)
        if pk not in followed or followed[pk] & categories
    ]


def digest_queue(*, now: dt.datetime) -> Issue | None:
    """Queue the weekly digest of the posts sent during the week just ended, once.

    Nothing when no post went out that week, or when the digest was queued already.
    """
    start, end = digest_week(now)
    if Issue.objects.filter(kind=Issue.Kind.DIGEST, week_start=start).exists():
        return None
    sent_that_week = Issue.objects.filter(
        kind=Issue.Kind.POST, created_at__gte=start, created_at__lt=end
    ).values("post_id")
    posts = list(PostPage.objects.published().filter(pk__in=sent_that_week).order_by("date"))
    if not posts:
        return None
    name = site_identity().name
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                kind=Issue.Kind.DIGEST,
                week_start=start,
                week_end=end,
                subject=f"This week on {name}",
            )
            issue.digest_posts.set(posts)
            deliveries_queue(issue=issue, subscriber_ids=_digest_recipient_ids(posts))
    except IntegrityError:
        return None
    return issue


# ---- Lists brought in ----------------------------------------------------------------------


@dataclass
class ImportCounts:
    subscribed: int = 0
    asked_to_confirm: int = 0
    unsubscribed: int = 0
    unchanged: int = 0


@transaction.atomic
def subscribers_import(*, rows: list[SubscriberRow]) -> ImportCounts:
    """Add a list of subscribers; ask those not known to have confirmed to confirm.

    Double opt-in as on the form: an address the file does not mark as subscribed gets a
    confirmation link and no post until it is followed. An address the site has keeps
    its state, except that an opt-out in the file is honoured: nobody is subscribed
    again, or subscribed over their own unsubscription, by an import.
    """
    from broadsheet.newsletter.tasks import send_subscription_email

    counts = ImportCounts()
    known = Subscriber.objects.in_bulk([row.email for row in rows], field_name="email")
    now = timezone.now()
    for row in rows:
        subscriber = known.get(row.email)
        if subscriber is not None:
            leaving = row.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCING)
            if leaving and subscriber.status != row.status:
                subscriber.status = row.status
                subscriber.unsubscribed_at = now
                subscriber.save(update_fields=["status", "unsubscribed_at"])
                counts.unsubscribed += 1
            else:
                counts.unchanged += 1
            continue
        pending = row.status == Subscriber.Status.PENDING
        subscriber = Subscriber.objects.create(
            email=row.email,
            name=row.name,
            status=row.status,
            frequency=row.frequency,
            # Waiting from now, when the link is sent, whatever the file says.
            subscribed_at=now if pending else row.subscribed_at or now,
            confirmed_at=(row.subscribed_at or now)
            if row.status == Subscriber.Status.ACTIVE
            else None,
            unsubscribed_at=now if row.status == Subscriber.Status.UNSUBSCRIBED else None,
        )
        subscriber.categories.set(row.categories)
        if row.status == Subscriber.Status.ACTIVE:
            counts.subscribed += 1
        elif row.status == Subscriber.Status.PENDING:
            send_subscription_email.enqueue(
                email=row.email,
                name=row.name,
                category_ids=[category.pk for category in row.categories],
                frequency=row.frequency,
            )
            counts.asked_to_confirm += 1
        else:
            counts.unsubscribed += 1
    return counts
