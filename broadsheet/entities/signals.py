"""A post published (by an editor, on schedule, or by an import) has its entities found
in the task worker, once the publication commits: never during the editor's request."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from broadsheet.blog.models import PostPage


@receiver(page_published, sender=PostPage)
def extract_entities_on_publish(sender, instance, **kwargs):
    from broadsheet.entities.tasks import extract_post_entities

    post_id = instance.pk
    transaction.on_commit(lambda: extract_post_entities.enqueue(post_id=post_id))
