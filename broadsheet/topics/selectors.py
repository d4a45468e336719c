"""Reads the topic pages, the index and the map share: counts of published posts."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from broadsheet.blog.models import PostPage
from broadsheet.entities.models import Entity, PostEntity

# "Mentioned with": as many as a reader scans at a glance.
CO_MENTIONS_SHOWN = 10


def _shown_mentions_of_published_posts() -> Q:
    """Mentions a reader sees: not removed by an editor, in a post readers may see."""
    return Q(mentions__excluded=False, mentions__post__in=PostPage.objects.published().values("pk"))


def entities_with_post_counts(*, kind: str | None = None):
    """Entities mentioned by at least one published post, each with ``post_count``."""
    entities = Entity.objects.all() if kind is None else Entity.objects.filter(kind=kind)
    counted = entities.annotate(
        post_count=Count("mentions", filter=_shown_mentions_of_published_posts())
    )
    return counted.filter(post_count__gt=0)


def posts_per_month(posts) -> list[tuple]:
    """``(month, count)`` for each month with posts among ``posts``, oldest first."""
    months = (
        posts.order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return [(row["month"], row["count"]) for row in months]


def mentioned_with(entity, *, limit: int = CO_MENTIONS_SHOWN):
    """The entities most often mentioned in the published posts that mention ``entity``,
    each with ``shared`` (how many such posts), most shared first."""
    posts = PostEntity.objects.filter(
        entity=entity,
        excluded=False,
        post__in=PostPage.objects.published().values("pk"),
    ).values("post_id")
    return (
        Entity.objects.filter(mentions__post__in=posts, mentions__excluded=False)
        .exclude(pk=entity.pk)
        .annotate(shared=Count("mentions__post", distinct=True))
        .order_by("-shared", "name")[:limit]
    )
