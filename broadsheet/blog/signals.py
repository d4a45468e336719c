"""Edits to the blog's data throw away the kept pages that show it, once committed.

Handlers only note where a post stood before a save and schedule the purge; which pages
change is worked out after the commit (``invalidation``), when the post's tags, saved
after the page row, are in the database too.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site

from broadsheet.blog import cache_tags
from broadsheet.blog.invalidation import placement_of, post_changed_tags
from broadsheet.blog.models import (
    Author,
    BlogIndexPage,
    Category,
    HomePage,
    PostPage,
    TagDescription,
)
from broadsheet.core.stored import stored_values
from broadsheet.pagecache.purge import (
    all_purge_on_commit,
    purge_on_commit,
    tags_purge,
    tags_purge_on_commit,
)


def is_draft_bookkeeping(kwargs) -> bool:
    # Saving a draft revision writes only these columns of the page row; readers'
    # pages read none of them.
    return kwargs.get("update_fields") is not None and not {
        "live",
        "title",
        "slug",
        "url_path",
    } & set(kwargs["update_fields"])


@receiver(pre_save, sender=PostPage)
@receiver(pre_delete, sender=PostPage)
def _note_placement_before(sender, instance, **kwargs):
    if is_draft_bookkeeping(kwargs):
        return
    instance._placement_before = placement_of(instance.pk)


@receiver(post_save, sender=PostPage)
@receiver(post_delete, sender=PostPage)
def _purge_post_pages(sender, instance, **kwargs):
    if is_draft_bookkeeping(kwargs):
        return
    before = getattr(instance, "_placement_before", None)
    pk = instance.pk
    deleted = kwargs.get("signal") is post_delete

    def purge():
        after = None if deleted else placement_of(pk)
        tags_purge(post_changed_tags(pk, before=before, after=after))

    purge_on_commit(purge)


# For authors and categories, what bylines and filings show of them; the rest (bio,
# photo, description) only their own listing and feed show.
SHOWN_ELSEWHERE = {Author: ("name", "slug"), Category: ("name", "slug"), Tag: ("name", "slug")}
SUBJECT_TAGS = {
    Author: (cache_tags.author, cache_tags.author_about),
    Category: (cache_tags.category, cache_tags.category_about),
    Tag: (cache_tags.tag, cache_tags.tag_about),
}


@receiver(pre_save, sender=Author)
@receiver(pre_save, sender=Category)
@receiver(pre_save, sender=Tag)
def _note_subject_before(sender, instance, **kwargs):
    fields = SHOWN_ELSEWHERE[sender]
    instance._shown_before = stored_values(instance, *fields)


@receiver(post_save, sender=Author)
@receiver(post_save, sender=Category)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Author)
@receiver(post_delete, sender=Category)
@receiver(post_delete, sender=Tag)
def _purge_subject(sender, instance, created=False, **kwargs):
    if created:
        return  # No page shows it yet.
    shown_tag, about_tag = SUBJECT_TAGS[sender]
    tags = {about_tag(instance.pk)}
    shown_now = tuple(getattr(instance, field) for field in SHOWN_ELSEWHERE[sender])
    deleted = kwargs.get("signal") is post_delete
    if deleted or getattr(instance, "_shown_before", None) != shown_now:
        # Its name or address changed (or it went): every byline or filing showing it,
        # and the sitemap, which lists its listing's address.
        tags |= {shown_tag(instance.pk), cache_tags.whole_listing(cache_tags.SITEMAP)}
    tags_purge_on_commit(tags)


@receiver(post_save, sender=TagDescription)
@receiver(post_delete, sender=TagDescription)
def _purge_tag_description(sender, instance, **kwargs):
    tags_purge_on_commit([cache_tags.tag_about(instance.tag_id)])


@receiver(post_save, sender=HomePage)
@receiver(post_delete, sender=HomePage)
@receiver(post_save, sender=BlogIndexPage)
@receiver(post_delete, sender=BlogIndexPage)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _purge_everything_for_the_header(sender, instance, **kwargs):
    # The home page and the blog index give every page its header links; a Site its name;
    # a privacy restriction hides posts from every list.
    if not is_draft_bookkeeping(kwargs):
        all_purge_on_commit()


def _purge_everything_for_a_picture(sender, instance, created=False, **kwargs):
    # A picture replaced, re-cropped or deleted: any page may show it. A new one, none yet.
    if not created:
        all_purge_on_commit()


def connect_picture_signals():
    """Called from BlogConfig.ready(): the image model is known only once apps are loaded."""
    image_model = get_image_model()
    post_save.connect(_purge_everything_for_a_picture, sender=image_model)
    post_delete.connect(_purge_everything_for_a_picture, sender=image_model)
