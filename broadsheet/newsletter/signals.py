"""A post's first publication by an editor queues its email, and nothing else does.

A category added, renamed or removed changes the sections the subscribe form offers.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from broadsheet.blog.models import Category, PostPage
from broadsheet.core.stored import stored_values
from broadsheet.newsletter.cache_tags import SECTIONS
from broadsheet.pagecache.purge import tags_purge_on_commit


def _sends(instance: PostPage, revision) -> bool:
    # Imports and the demo publish revisions nobody wrote in the admin: their posts are
    # old news to subscribers. A scheduled post keeps its editor on the revision.
    if revision is None or revision.user_id is None:
        return False
    # Wagtail sets both dates from the same clock on a page's first publication only;
    # a re-publication after unpublishing keeps the first.
    first_time = instance.first_published_at == instance.last_published_at
    return instance.live and instance.email_subscribers and first_time


@receiver(page_published, sender=PostPage)
def queue_newsletter_on_first_publish(sender, instance, revision=None, **kwargs):
    if not _sends(instance, revision):
        return
    from broadsheet.newsletter.tasks import queue_post_issue

    # With the database queue the task is a row in the publishing transaction: it is
    # queued if, and only if, the publication commits. The task decides the rest.
    queue_post_issue.enqueue(post_id=instance.pk)


@receiver(pre_save, sender=Category)
def _note_section_name_before(sender, instance, **kwargs):
    instance._section_name_before = stored_values(instance, "name")


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def _purge_subscribe_forms(sender, instance, **kwargs):
    # Unlike a post's filing, the form lists every category, new ones included; a new
    # description shows nowhere in it.
    renamed_or_new = kwargs.get("created") or (
        getattr(instance, "_section_name_before", None) != instance.name
    )
    if kwargs.get("signal") is post_delete or renamed_or_new:
        tags_purge_on_commit([SECTIONS])
