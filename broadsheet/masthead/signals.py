"""The masthead is on every page: a change of it throws every kept page away."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from broadsheet.masthead.models import NavigationLink, SiteSettings
from broadsheet.pagecache.purge import all_purge_on_commit


@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=NavigationLink)
@receiver(post_delete, sender=NavigationLink)
def _purge_every_page(sender, instance, created=False, **kwargs):
    # A settings row made on first reading holds the defaults pages already show.
    if sender is SiteSettings and created:
        return
    all_purge_on_commit()
