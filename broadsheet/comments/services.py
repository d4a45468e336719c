"""Writes to comments: posting and moderating."""

from django.db import transaction

from broadsheet.blog.cache_tags import comments as comments_tag
from broadsheet.comments.addresses import request_address_hash
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.spam import is_first_comment, spam_score, spam_words
from broadsheet.comments.tasks import send_reply_notifications
from broadsheet.pagecache.purge import tags_purge_on_commit


def comment_create(
    *, post, request, author_name, body, author_email="", parent=None, notify_replies=False
) -> Comment:
    settings = CommentSettings.for_request(request)
    status = Comment.Status.APPROVED if settings.publish_immediately else Comment.Status.PENDING
    # An approved reply is emailed to the thread by the post_save signal (signals.py).
    address_hash = request_address_hash(request)
    score = None
    if settings.spam_scoring:
        score = spam_score(
            body=body,
            author_name=author_name,
            words=spam_words(settings.spam_words),
            first_time=is_first_comment(author_email=author_email, address_hash=address_hash),
        )
        if score.score >= settings.spam_threshold:
            status = Comment.Status.SPAM
    return Comment.objects.create(
        post=post,
        parent=parent,
        author_name=author_name,
        author_email=author_email,
        body=body,
        status=status,
        notify_replies=notify_replies and bool(author_email),
        author_address_hash=address_hash,
        spam_score=score.score if score else None,
        spam_reasons=score.describe()[:255] if score else "",
    )


@transaction.atomic
def comments_moderate(*, comment_ids, status) -> int:
    """Set the status of several comments at once; returns how many changed."""
    if status not in Comment.Status.values:
        raise ValueError(f"Unknown comment status {status!r}")
    changing = Comment.objects.filter(pk__in=comment_ids).exclude(status=status)
    # Shown before or after: their posts' pages change (an update sends no signal).
    shown = changing if status == Comment.Status.APPROVED else changing.approved()
    tags_purge_on_commit(comments_tag(pk) for pk in shown.values_list("post_id", flat=True))
    replies_shown = []
    if status == Comment.Status.APPROVED:
        replies_shown = list(
            changing.filter(parent__isnull=False, replies_notified_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    changed = changing.update(status=status)
    # An update sends no signal: the thread is told of each reply shown here.
    for reply_id in replies_shown:
        send_reply_notifications.enqueue(reply_id=reply_id)
    return changed


@transaction.atomic
def comments_delete_pending_from_address(*, address_hash: str) -> int:
    """Delete every comment still awaiting moderation that came from one address.

    Pending comments are on no page, but approved replies to them go too (CASCADE):
    QuerySet.delete() sends post_delete for each row, so comments.signals purges
    those replies' posts.
    """
    if not address_hash:
        return 0
    pending = Comment.objects.pending().filter(author_address_hash=address_hash)
    # Count what was sent, not the replies that go with it.
    count = pending.count()
    pending.delete()
    return count
