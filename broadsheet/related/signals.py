"""Related coverage is worked out again, in the task worker, when what it reads changes:
a post published (or its published words edited), unpublished or deleted, or its
entities changed. Each schedules one task per post and transaction, after the commit."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.tasks.signals import task_finished

from broadsheet.blog.models import PostPage
from broadsheet.blog.signals import is_draft_bookkeeping
from broadsheet.core.commit import once_on_commit
from broadsheet.entities.models import PostEntity
from broadsheet.pagecache.purge import purges_are_deferred
from broadsheet.related.models import RelatedPost
from broadsheet.related.tasks import refresh_related
from broadsheet.topics.signals import extraction_changed_post


def related_refresh_on_commit(post_id: int) -> None:
    """Schedule post ``post_id``'s refresh once its change is committed. Inside a bulk job
    (``purges_deferred``) nothing: the job ends with ``manage.py related --rebuild``."""
    if purges_are_deferred():
        return
    once_on_commit(f"related:refresh:{post_id}", lambda: refresh_related.enqueue(post_id=post_id))


@receiver(post_save, sender=PostPage)
def _refresh_for_post(sender, instance, **kwargs):
    # A draft saved changes nothing readers see; publishing saves the page with ``live``.
    if is_draft_bookkeeping(kwargs):
        return
    if instance.live or getattr(instance, "_placement_before", None) is not None:
        related_refresh_on_commit(instance.pk)


@receiver(pre_delete, sender=PostPage)
def _refresh_for_deleted_post(sender, instance, **kwargs):
    # Its rows go with it: the posts that listed it are noted now, refreshed after.
    for post_id in RelatedPost.objects.filter(related=instance).values_list("post_id", flat=True):
        related_refresh_on_commit(post_id)


@receiver(post_save, sender=PostEntity)
@receiver(post_delete, sender=PostEntity)
def _refresh_for_mention(sender, instance, **kwargs):
    related_refresh_on_commit(instance.post_id)


@receiver(task_finished)
def _refresh_for_extraction(sender, task_result, **kwargs):
    # The extraction writes its new mentions in bulk, unseen by the handler above.
    if (post_id := extraction_changed_post(task_result)) is not None:
        related_refresh_on_commit(post_id)
