"""A standard page's edits throw away its kept copy (broadsheet.pagecache)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from broadsheet.blog.cache_tags import page as page_tag
from broadsheet.blog.signals import is_draft_bookkeeping
from broadsheet.pagecache.purge import tags_purge_on_commit
from broadsheet.pages.models import StandardPage


@receiver(post_save, sender=StandardPage)
@receiver(post_delete, sender=StandardPage)
def _purge_standard_page(sender, instance, **kwargs):
    if not is_draft_bookkeeping(kwargs):
        tags_purge_on_commit([page_tag(instance.pk)])
