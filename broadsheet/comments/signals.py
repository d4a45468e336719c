"""A comment shown, changed or hidden throws away the kept pages of its post; a reply
shown for the first time is emailed to the commenters who asked to hear of replies.

Only approved comments are on pages: a new comment waiting for moderation changes none.
Changes made in bulk (``services.comments_moderate``) purge and notify there, as they
send no signal.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from broadsheet.blog.cache_tags import comments as comments_tag
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.tasks import send_reply_notifications
from broadsheet.core.stored import stored_values
from broadsheet.pagecache.purge import all_purge_on_commit, tags_purge_on_commit


@receiver(pre_save, sender=Comment)
def _note_status_before(sender, instance, **kwargs):
    instance._status_before = stored_values(instance, "status")


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def _purge_post_comments(sender, instance, **kwargs):
    statuses = {getattr(instance, "_status_before", None), instance.status}
    if Comment.Status.APPROVED in statuses:
        tags_purge_on_commit([comments_tag(instance.post_id)])


@receiver(post_save, sender=Comment)
def _notify_of_a_shown_reply(sender, instance, **kwargs):
    shown_now = instance.status == Comment.Status.APPROVED
    shown_before = getattr(instance, "_status_before", None) == Comment.Status.APPROVED
    if shown_now and not shown_before and instance.parent_id and not instance.replies_notified_at:
        # With the database queue, a row of this transaction: queued if the save commits.
        send_reply_notifications.enqueue(reply_id=instance.pk)


@receiver(pre_save, sender=CommentSettings)
def _note_publishing_before(sender, instance, **kwargs):
    instance._publish_immediately_before = stored_values(instance, "publish_immediately")


@receiver(post_save, sender=CommentSettings)
def _purge_for_comment_settings(sender, instance, created=False, **kwargs):
    # Every post page tells readers whether comments wait for a moderator. A row made on
    # first reading holds the defaults pages already show; the moderators' emails show
    # on no page.
    before = getattr(instance, "_publish_immediately_before", None)
    if not created and before != instance.publish_immediately:
        all_purge_on_commit()
