"""Reads of entities that the post page, topic pages and the admin share."""

from django.db.models import F

from broadsheet.entities.models import Entity


def entities_for_post(post):
    """The entities shown for ``post``: not removed by an editor, most mentioned first.

    Each carries ``mention_count`` (0 for one an editor added that the text never names).
    """
    return (
        Entity.objects.filter(mentions__post_id=post.pk, mentions__excluded=False)
        .annotate(mention_count=F("mentions__count"))
        .order_by("-mention_count", "name")
    )


def posts_mentioning(entity):
    """Published posts that mention ``entity`` (editors' removals left out), newest first."""
    from broadsheet.blog.models import PostPage

    return (
        PostPage.objects.published()
        .filter(entity_mentions__entity=entity, entity_mentions__excluded=False)
        .for_listing()
    )
