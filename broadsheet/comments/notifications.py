"""Email about comments: replies to commenters who asked, and digests to moderators.

Both are sent by the task worker (tasks.py) with Django's default mailer (EMAIL_URL).
Each comment is claimed before its email goes (``replies_notified_at``,
``moderators_notified_at``): a worker that dies mid-send loses that email rather than
sending it twice, and approving a reply again, or running the digest twice, sends
nothing more.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.core.emails import site_identity, two_part_message

_STOP_SALT = "broadsheet.comments.replies-stop"
# What the digest quotes of each comment; the whole text is one click away.
QUOTE_CHARACTERS = 300
# By the setting's stored value.
DIGEST_EVERY: dict[str, timedelta] = {
    CommentSettings.ModeratorEmails.EACH: timedelta(0),
    CommentSettings.ModeratorEmails.HOURLY: timedelta(hours=1),
    CommentSettings.ModeratorEmails.DAILY: timedelta(days=1),
}


# ---- Replies ---------------------------------------------------------------------------


def one_line(text: str) -> str:
    """A reader's text fit for a header: a line break in a name must not end the Subject."""
    return " ".join(text.split())


def stop_token(comment: Comment) -> str:
    """The secret in a reply email's stop link: the listener's comment, signed. Not the
    address itself, which a link would show to whoever sees the URL."""
    return signing.dumps(comment.pk, salt=_STOP_SALT)


def email_from_stop_token(token: str) -> str | None:
    try:
        pk = signing.loads(token, salt=_STOP_SALT)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=pk).values_list("author_email", flat=True).first()


def replies_stop(*, email: str) -> int:
    """No more reply emails to ``email``, from any thread; how many comments asked."""
    return Comment.objects.filter(author_email__iexact=email, notify_replies=True).update(
        notify_replies=False
    )


def _listeners(reply: Comment) -> dict[str, Comment]:
    """Who hears of ``reply``: the comment it answers and the thread's earlier replies
    whose authors asked, by address, the reply's own author left out."""
    thread = Comment.objects.filter(
        Q(pk=reply.parent_id) | Q(parent_id=reply.parent_id, created_at__lt=reply.created_at),
        notify_replies=True,
    ).exclude(author_email="")
    listeners: dict[str, Comment] = {}
    for comment in thread.order_by("created_at", "pk"):
        address = comment.author_email.lower()
        if address != reply.author_email.lower():
            listeners.setdefault(address, comment)
    return listeners


def reply_notifications_send(*, reply_id: int) -> int:
    """Tell the thread's listeners of an approved reply, once; how many were sent."""
    with transaction.atomic():
        claimed = Comment.objects.filter(
            pk=reply_id,
            parent__isnull=False,
            status=Comment.Status.APPROVED,
            replies_notified_at__isnull=True,
        ).update(replies_notified_at=timezone.now())
    if not claimed:
        return 0
    reply = Comment.objects.select_related("post", "parent").get(pk=reply_id)
    identity = site_identity()
    reply_url = identity.absolute(reply.get_absolute_url())
    sent = 0
    for address, comment in _listeners(reply).items():
        stop_url = identity.absolute(
            reverse("comments:replies_stop", kwargs={"token": stop_token(comment)})
        )
        message = two_part_message(
            identity=identity,
            to=address,
            subject=f"{one_line(reply.author_name)} replied on “{one_line(reply.post.title)}”",
            template="comments/email/reply",
            context={
                "reply": reply,
                "yours": comment,
                "own_comment": comment.pk == reply.parent_id,
                "post": reply.post,
                "reply_url": reply_url,
                "stop_url": stop_url,
            },
            # RFC 8058: mail clients offer their own one-click button.
            headers={
                "List-Unsubscribe": f"<{stop_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send(using="default")
        sent += 1
    return sent


# ---- Moderators ------------------------------------------------------------------------


def moderators():
    """Active users with an email address who may moderate comments."""
    may_moderate = Permission.objects.filter(
        content_type__app_label="comments", codename="change_comment"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=may_moderate)
            | Q(groups__permissions__in=may_moderate)
        )
        .distinct()
        .order_by("pk")
    )


def _digest_settings() -> CommentSettings:
    site = Site.objects.filter(is_default_site=True).first()
    return CommentSettings.for_site(site) if site else CommentSettings()


def digest_due(*, now) -> bool:
    """Comments wait that moderators were not told of, and the last digest is old enough.

    While no moderator has an email address, comments wait untold: the first moderator
    given one hears of them all.
    """
    every = DIGEST_EVERY.get(_digest_settings().moderator_emails)
    if every is None or not moderators().exists():
        return False
    untold = Comment.objects.pending().filter(moderators_notified_at__isnull=True)
    if not untold.exists():
        return False
    told_lately = Comment.objects.filter(moderators_notified_at__gt=now - every)
    return every == timedelta(0) or not told_lately.exists()


def moderation_digest_send(*, now) -> int:
    """Email every moderator the comments awaiting approval they were not sent yet;
    how many comments the digest carried (0: not due, or nothing new)."""
    if not digest_due(now=now):
        return 0
    with transaction.atomic():
        untold = list(
            Comment.objects.pending()
            .filter(moderators_notified_at__isnull=True)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        # Claimed first: a second worker running the same digest finds nothing to send.
        claimed = Comment.objects.filter(pk__in=untold, moderators_notified_at__isnull=True).update(
            moderators_notified_at=now
        )
    if not claimed:
        return 0
    comments = list(
        Comment.objects.filter(pk__in=untold).select_related("post").order_by("created_at")
    )
    identity = site_identity()
    context = {
        "comments": comments,
        "waiting": Comment.objects.pending().count(),
        "quote_characters": QUOTE_CHARACTERS,
        "queue_url": identity.absolute(reverse("comments_moderation")),
        "settings_url": identity.absolute(
            reverse("wagtailsettings:edit", args=["comments", "commentsettings"])
        ),
    }
    count = len(comments)
    subject = (
        f"1 new comment awaits approval on {identity.name}"
        if count == 1
        else f"{count} new comments await approval on {identity.name}"
    )
    for moderator in moderators():
        two_part_message(
            identity=identity,
            to=moderator.email,
            subject=subject,
            template="comments/email/moderation_digest",
            context={**context, "moderator": moderator},
        ).send(using="default")
    return count
