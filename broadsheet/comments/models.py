"""Reader comments on posts, threaded to any depth, with moderation."""

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

NAME_MAX_LENGTH = 80
BODY_MAX_LENGTH = 5000
# What comment spam has sold for twenty years; an editor adds the site's own.
DEFAULT_SPAM_WORDS = [
    "casino",
    "viagra",
    "cialis",
    "payday loan",
    "crypto giveaway",
    "forex signals",
    "buy followers",
    "seo services",
    "replica watches",
    "essay writing service",
]


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def conversation(self):
        """Readers' comments, without the notices of other sites linking to the post."""
        return self.filter(kind=Comment.Kind.COMMENT)

    def link_notices(self):
        return self.exclude(kind=Comment.Kind.COMMENT)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        # Another site announcing it links to the post (imported from WordPress).
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"

    post = models.ForeignKey("blog.PostPage", on_delete=models.CASCADE, related_name="comments")
    # Threads keep any depth; the post page shows the first few levels nested and the
    # deeper replies beside their parents (comments.selectors).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author_name = models.CharField("name", max_length=NAME_MAX_LENGTH)
    author_email = models.EmailField("email", blank=True, help_text="Never shown to readers.")
    author_url = models.URLField(
        "website",
        max_length=500,
        blank=True,
        help_text="The website an imported comment's author gave. Not shown to readers.",
    )
    body = models.TextField("comment", max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.COMMENT,
        help_text="A reader's comment, or another site's notice that it links to the post.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The commenter asked to hear of replies in this thread (an email is then required).
    notify_replies = models.BooleanField("email me replies", default=False)
    # When the thread's commenters were told of this reply: at most once, even if it is
    # approved again after being hidden.
    replies_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When moderators were sent this comment in a digest; None while not yet told.
    moderators_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, db_index=True
    )
    # Where an imported comment came from, so a re-import updates it.
    source_id = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    # A keyed hash of the address the comment came from (comments/addresses.py), never the
    # address itself: it lets a moderator find and remove a flood from one place.
    author_address_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Set when spam scoring is on (Settings → Comments): the score and what made it.
    spam_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    spam_reasons = models.CharField(max_length=255, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    panels = [
        # Without it, a comment added in the admin would have no post to belong to.
        FieldPanel("post"),
        FieldPanel("author_name"),
        FieldPanel("author_email"),
        FieldPanel("body"),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["post", "status", "created_at"])]

    def __str__(self):
        return f"{self.author_name} on {self.post.title}"

    def get_absolute_url(self):
        return f"{self.post.url}#comment-{self.pk}"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    publish_immediately = models.BooleanField(
        default=False,
        help_text=(
            "Show new comments at once, without waiting for a moderator. "
            "Off by default: comments wait for approval."
        ),
    )

    class ModeratorEmails(models.TextChoices):
        NEVER = "never", "Never"
        EACH = "each", "For each comment, within a minute"
        HOURLY = "hourly", "At most once an hour, with every comment waiting"
        DAILY = "daily", "At most once a day, with every comment waiting"

    moderator_emails = models.CharField(
        "email moderators about comments awaiting approval",
        max_length=10,
        choices=ModeratorEmails.choices,
        default=ModeratorEmails.HOURLY,
        help_text=(
            "Sent to every active user allowed to moderate comments who has an email "
            "address. Each comment is sent once."
        ),
    )

    reader_limit_per_hour = models.PositiveSmallIntegerField(
        "comments per reader per hour",
        default=10,
        help_text=(
            "How many comments one reader (one address and browser) may post in an hour. "
            "0 means no limit."
        ),
    )
    address_limit_per_hour = models.PositiveSmallIntegerField(
        "comments per address per hour",
        default=30,
        help_text=(
            "How many comments may come from one internet address in an hour, whatever the "
            "browser. An office or a school shares one address: keep this above the "
            "limit per reader. 0 means no limit."
        ),
    )
    post_limit_per_hour = models.PositiveSmallIntegerField(
        "comments per post per hour",
        default=120,
        help_text="How many comments one post may receive in an hour. 0 means no limit.",
    )
    spam_scoring = models.BooleanField(
        "score comments for spam",
        default=False,
        help_text=(
            "Give each new comment a spam score: links, known spam words, and whether the "
            "commenter has an approved comment already. A comment that reaches the "
            "threshold goes straight to spam instead of the moderation queue."
        ),
    )
    spam_threshold = models.PositiveSmallIntegerField(
        "spam score threshold",
        default=3,
        help_text=(
            "A comment scoring this much or more is marked as spam. Each link after the "
            "first scores 1, each spam word 2, a first comment from a reader 1."
        ),
    )
    spam_words = models.TextField(
        "spam words",
        blank=True,
        default="\n".join(DEFAULT_SPAM_WORDS),
        help_text="One word or phrase a line; case does not matter.",
    )

    panels = [
        FieldPanel("publish_immediately"),
        FieldPanel("moderator_emails"),
        MultiFieldPanel(
            [
                FieldPanel("reader_limit_per_hour"),
                FieldPanel("address_limit_per_hour"),
                FieldPanel("post_limit_per_hour"),
            ],
            heading="Limits",
        ),
        MultiFieldPanel(
            [FieldPanel("spam_scoring"), FieldPanel("spam_threshold"), FieldPanel("spam_words")],
            heading="Spam scoring",
        ),
    ]

    class Meta:
        verbose_name = "comments"
