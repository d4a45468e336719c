"""The newsletter: subscribers, the issues sent to them, and each delivery of an issue.

A delivery row (an issue, a subscriber) is the exactly-once ledger. It is written when the
issue is queued, marked ``sending`` just before the message is committed to the mail
server (the final dot of SMTP's DATA) and ``sent`` once the server accepted it; see
``broadsheet.newsletter.sending`` for why that order sends nobody twice.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

NAME_MAX_LENGTH = 100


def new_token() -> str:
    """The secret in a subscriber's unsubscribe and preferences links."""
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscriber.Status.ACTIVE)

    def following(self, category_id):
        """Active subscribers who follow every category, or ``category_id``'s."""
        following_all = ~Q(pk__in=Subscriber.categories.through.objects.values("subscriber_id"))
        if category_id is None:
            return self.active().filter(following_all)
        return self.active().filter(following_all | Q(categories=category_id)).distinct()


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCING = "bouncing", "Bouncing"
        # Confirmed the mailbox to follow a story (broadsheet.stories), not the newsletter.
        FOLLOWER = "follower", "Follows stories only"

    class Frequency(models.TextChoices):
        EACH_POST = "each_post", "Every new post"
        WEEKLY = "weekly", "A weekly digest"

    # Normalised (broadsheet.newsletter.addresses): one row per mailbox.
    email = models.EmailField(unique=True, help_text="Where the newsletter goes.")
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, help_text="Optional.")
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
        help_text="Only subscribed addresses receive posts.",
    )
    frequency = models.CharField(
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.EACH_POST,
        help_text="Each post as it is published, or one email a week.",
    )
    categories = models.ManyToManyField(
        "blog.Category",
        blank=True,
        related_name="+",
        help_text="The sections they follow. None chosen: every post.",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    subscribed_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Permanent failures in a row; reset by a delivery that goes through.
    bounce_count = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = SubscriberQuerySet.as_manager()

    panels = [
        FieldPanel("email"),
        FieldPanel("name"),
        FieldPanel("status"),
        FieldPanel("frequency"),
        FieldPanel("categories"),
    ]

    class Meta:
        ordering = ["-subscribed_at", "-pk"]

    def __str__(self):
        return self.email

    def clean(self):
        # An address typed in the admin is stored as the form stores it: one row a mailbox.
        from broadsheet.newsletter.addresses import clean_name, normalised_email

        errors = {}
        for field, clean in (("email", normalised_email), ("name", clean_name)):
            try:
                setattr(self, field, clean(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)


class Issue(models.Model):
    """One newsletter: a post sent as it is published, or a week's digest."""

    class Kind(models.TextChoices):
        POST = "post", "New post"
        DIGEST = "digest", "Weekly digest"
        # A new post sent to a story's followers (broadsheet.stories.StoryUpdate).
        STORY = "story", "Story update"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.POST)
    post = models.ForeignKey(
        "blog.PostPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A digest's week: the posts first sent from its start to its end.
    week_start = models.DateTimeField(null=True, blank=True)
    week_end = models.DateTimeField(null=True, blank=True)
    digest_posts = models.ManyToManyField("blog.PostPage", blank=True, related_name="+")
    subject = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A post is sent once, whatever happens to it afterwards.
            models.UniqueConstraint(
                fields=["post"], condition=Q(kind="post"), name="newsletter_issue_once_a_post"
            ),
            models.UniqueConstraint(
                fields=["week_start"],
                condition=Q(kind="digest"),
                name="newsletter_issue_once_a_week",
            ),
        ]

    def __str__(self):
        return self.subject


class Batch(models.Model):
    """A slice of an issue's deliveries, sent by one task.

    ``lease_until`` is set while a worker sends it and pushed on as it goes; a lease
    that ran out means that worker died, and another may take the batch over.
    """

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    lease_until = models.DateTimeField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="newsletter_batch_unique")
        ]

    def __str__(self):
        return f"{self.issue}: batch {self.number}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        # The worker died, or the connection broke, after the message was handed over
        # and before the server said it took it: probably delivered, never sent again.
        UNCONFIRMED = "unconfirmed", "Sent, unconfirmed"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not sent"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A temporary failure waits until then before the next try.
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once_a_subscriber"
            )
        ]
        indexes = [models.Index(fields=["batch", "status"], name="newsletter_delivery_todo")]

    def __str__(self):
        return f"{self.issue} to {self.subscriber_id}: {self.status}"


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    full_text = models.BooleanField(
        default=False,
        help_text="Send each post's whole text. Off: its excerpt and a link to read on.",
    )
    emails_per_minute = models.PositiveIntegerField(
        default=600,
        help_text=(
            "The most emails a minute the task worker sends, so that your mail provider "
            "accepts them all. 0: as fast as the server takes them."
        ),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        default=0,
        choices=[
            (0, "Monday"),
            (1, "Tuesday"),
            (2, "Wednesday"),
            (3, "Thursday"),
            (4, "Friday"),
            (5, "Saturday"),
            (6, "Sunday"),
        ],
        help_text="The day the weekly digest goes out, at the hour below (site time).",
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=8, choices=[(hour, f"{hour:02d}:00") for hour in range(24)]
    )

    panels = [
        FieldPanel("full_text"),
        FieldPanel("emails_per_minute"),
        MultiFieldPanel(
            [FieldPanel("digest_weekday"), FieldPanel("digest_hour")], heading="Weekly digest"
        ),
    ]

    class Meta:
        verbose_name = "newsletter"
