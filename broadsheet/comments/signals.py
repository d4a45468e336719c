"""A comment shown, changed or hidden throws away the kept pages of its post.

Only approved comments are on pages: a new comment waiting for moderation changes none.
Changes made in bulk (``services.comments_moderate``) purge there, as they send no signal.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from broadsheet.blog.cache_tags import comments as comments_tag
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.pagecache.purge import all_purge_on_commit, tags_purge_on_commit


@receiver(pre_save, sender=Comment)
def _note_status_before(sender, instance, **kwargs):
    instance._status_before = (
        Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def _purge_post_comments(sender, instance, **kwargs):
    statuses = {getattr(instance, "_status_before", None), instance.status}
    if Comment.Status.APPROVED in statuses:
        tags_purge_on_commit([comments_tag(instance.post_id)])


@receiver(post_save, sender=CommentSettings)
def _purge_for_comment_settings(sender, instance, created=False, **kwargs):
    # Every post page tells readers whether comments wait for a moderator. A row made on
    # first reading holds the defaults pages already show.
    if not created:
        all_purge_on_commit()
