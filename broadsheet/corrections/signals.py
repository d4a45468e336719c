"""A note edited or deleted (in Snippets, or with its post) throws away the pages showing it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.corrections import cache_tags
from broadsheet.corrections.models import Correction
from broadsheet.pagecache.purge import tags_purge_on_commit


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def _purge_pages_showing_the_note(sender, instance, created=False, **kwargs):
    if created:
        return  # correction_record purges for a new note.
    tags_purge_on_commit([blog_cache_tags.post(instance.post_id), cache_tags.CORRECTIONS])
