"""Edits to stories throw away the kept pages showing them; a post published into a story
queues its email to the story's followers."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.blog.models import PostPage
from broadsheet.core.stored import stored_values
from broadsheet.pagecache.purge import purge_on_commit, tags_purge, tags_purge_on_commit
from broadsheet.stories import cache_tags
from broadsheet.stories.invalidation import membership_changed_tags
from broadsheet.stories.models import Story, StoryPost

# What pages show of a story; its timestamps show nowhere.
SHOWN_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "cover_image_id",
    "cover_image_alt",
    "is_open",
)


@receiver(pre_save, sender=Story)
def _note_story_before(sender, instance, **kwargs):
    instance._shown_before = stored_values(instance, *SHOWN_FIELDS)


@receiver(post_save, sender=Story)
@receiver(post_delete, sender=Story)
def _purge_story(sender, instance, created=False, **kwargs):
    if created:
        return  # No page shows a story before it holds a post.
    shown_now = tuple(getattr(instance, field) for field in SHOWN_FIELDS)
    deleted = kwargs.get("signal") is post_delete
    if deleted or getattr(instance, "_shown_before", None) != shown_now:
        # The sitemap lists its address.
        sitemap = blog_cache_tags.whole_listing(blog_cache_tags.SITEMAP)
        tags_purge_on_commit([cache_tags.story(instance.pk), cache_tags.STORIES, sitemap])


@receiver(post_save, sender=StoryPost)
@receiver(post_delete, sender=StoryPost)
def _purge_membership(sender, instance, **kwargs):
    # Saved with the post whenever it is published (the membership is part of its
    # content): a new date may move it in the story as much as a new membership does.
    # Worked out after the commit, when the post's row has its new date.
    story_id, post_id = instance.story_id, instance.post_id
    purge_on_commit(lambda: tags_purge(membership_changed_tags(story_id=story_id, post_id=post_id)))


def _sends(instance: PostPage, revision) -> bool:
    # As the newsletter decides (broadsheet.newsletter.signals): an editor's publication
    # of a post meant to be emailed; imports and the demo publish old news.
    return bool(
        revision is not None
        and revision.user_id is not None
        and instance.live
        and instance.email_subscribers
    )


@receiver(page_published, sender=PostPage)
def queue_story_updates_on_publish(sender, instance, revision=None, **kwargs):
    if not _sends(instance, revision):
        return
    from broadsheet.stories.tasks import queue_story_updates

    # A row in the publishing transaction with the database queue: queued if, and only
    # if, the publication commits. The task decides which stories have news.
    queue_story_updates.enqueue(post_id=instance.pk)
