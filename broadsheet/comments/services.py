"""Writes to comments: posting and moderating."""

from django.db import transaction

from broadsheet.blog.cache_tags import comments as comments_tag
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.pagecache.purge import tags_purge_on_commit


def comment_create(*, post, request, author_name, body, author_email="", parent=None) -> Comment:
    settings = CommentSettings.for_request(request)
    status = Comment.Status.APPROVED if settings.publish_immediately else Comment.Status.PENDING
    return Comment.objects.create(
        post=post,
        parent=parent,
        author_name=author_name,
        author_email=author_email,
        body=body,
        status=status,
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
    return changing.update(status=status)
