"""Edits that change what topic pages, the index and the map show throw those pages away.

A mention added, removed or recounted changes its entity's topic page, the "mentioned
with" lists of the other entities of that post, the post's own entity links, the index
counts and the map. A post published, unpublished, re-dated or deleted changes the same
for every entity it mentions. An entity renamed changes every page that names it.
A bulk write (``QuerySet.update()``, ``bulk_create``) sends no signal: its service calls
``post_mentions_changed`` itself. The extraction task adds its new mentions in bulk: its
end (``task_finished``) stands for them.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished

from broadsheet.blog.models import PostPage
from broadsheet.blog.signals import is_draft_bookkeeping
from broadsheet.core.commit import is_pending, once_on_commit
from broadsheet.core.stored import stored_values
from broadsheet.entities.models import Entity, EntityAlias, PostEntity
from broadsheet.pagecache.purge import purge_on_commit, tags_purge, tags_purge_on_commit
from broadsheet.topics import cache_tags

# What pages other than its own topic page show of an entity.
SHOWN_ELSEWHERE = ("name", "slug", "kind", "code")


def post_mentions_changed(post_id: int, *, entity_ids=()) -> None:
    """Throw away, once committed, the pages that show post ``post_id``'s entities.

    ``entity_ids``: entities it no longer mentions (their pages listed it until now).
    """
    key = f"topics:post-mentions:{post_id}"
    if not is_pending(key):
        # What a rolled-back transaction noted is not gone: start afresh.
        _gone.pop(post_id, None)
    _gone.setdefault(post_id, set()).update(entity_ids)

    def purge():
        tags_purge(_mention_tags(post_id, _gone.pop(post_id, set())))

    once_on_commit(key, purge, schedule=purge_on_commit)


# Entities each post stopped mentioning in the transaction in progress, by post: a
# post's deletion removes its mentions one signal at a time, and the purge is made once.
_gone: dict[int, set[int]] = {}


def _mention_tags(post_id: int, gone: set[int]) -> set[str]:
    entity_ids = gone | set(
        PostEntity.objects.filter(post_id=post_id).values_list("entity_id", flat=True)
    )
    return {
        cache_tags.TOPICS,
        cache_tags.post_entities(post_id),
        *(cache_tags.topic(pk) for pk in entity_ids),
    }


@receiver(post_save, sender=PostEntity)
@receiver(post_delete, sender=PostEntity)
def _purge_for_mention(sender, instance, **kwargs):
    post_mentions_changed(instance.post_id, entity_ids=[instance.entity_id])


def extraction_changed_post(task_result) -> int | None:
    """The post whose shown entities a finished extraction task changed, if it did."""
    from broadsheet.entities.tasks import extract_post_entities

    if (
        task_result.task.func is not extract_post_entities.func
        or task_result.status != TaskResultStatus.SUCCESSFUL
        or not task_result.return_value
    ):
        return None
    return task_result.kwargs.get("post_id")


@receiver(task_finished)
def _purge_for_extraction(sender, task_result, **kwargs):
    if (post_id := extraction_changed_post(task_result)) is not None:
        post_mentions_changed(post_id)


@receiver(post_save, sender=PostPage)
@receiver(post_delete, sender=PostPage)
def _purge_for_post_moved(sender, instance, **kwargs):
    """Published, unpublished, re-dated or deleted: its entities' lists change. A new
    title or excerpt needs nothing here: the cards showing it carry ``post:<id>``."""
    if is_draft_bookkeeping(kwargs):
        return
    before = getattr(instance, "_placement_before", None)  # Noted by blog.signals.
    deleted = kwargs.get("signal") is post_delete
    if deleted:
        # Its mentions go with it, each purging as it goes.
        return
    pk = instance.pk

    def purge():
        from broadsheet.blog.invalidation import placement_of

        after = placement_of(pk)
        if (before is None) != (after is None) or (before and before.date != after.date):
            tags_purge(_mention_tags(pk, set()))

    once_on_commit(f"topics:post-moved:{pk}", purge, schedule=purge_on_commit)


@receiver(pre_save, sender=Entity)
def _note_entity_before(sender, instance, **kwargs):
    instance._shown_before = stored_values(instance, *SHOWN_ELSEWHERE)


@receiver(post_save, sender=Entity)
@receiver(post_delete, sender=Entity)
def _purge_for_entity(sender, instance, created=False, **kwargs):
    if created:
        return  # No post mentions it yet.
    tags = {cache_tags.entity_about(instance.pk), cache_tags.topic(instance.pk)}
    shown_now = tuple(getattr(instance, field) for field in SHOWN_ELSEWHERE)
    deleted = kwargs.get("signal") is post_delete
    if deleted or getattr(instance, "_shown_before", None) != shown_now:
        tags |= {cache_tags.entity(instance.pk), cache_tags.TOPICS}
    tags_purge_on_commit(tags)


@receiver(post_save, sender=EntityAlias)
@receiver(post_delete, sender=EntityAlias)
def _purge_for_alias(sender, instance, **kwargs):
    tags_purge_on_commit([cache_tags.entity_about(instance.entity_id)])
