"""Reads of the counts that the admin shares."""

from broadsheet.blog.models import PostPage

TOP_POSTS_COUNT = 10
RANKINGS = {"views": "view_count", "likes": "like_count"}


def top_posts(*, by: str, count: int = TOP_POSTS_COUNT) -> list[tuple[PostPage, int]]:
    """Published posts with the most ``views`` or ``likes``, most first, with their count."""
    field = RANKINGS[by]
    posts = (
        PostPage.objects.published()
        .filter(**{f"stats__{field}__gt": 0})
        .select_related("stats")
        .order_by(f"-stats__{field}", "-date", "-pk")[:count]
    )
    return [(post, getattr(post.stats, field)) for post in posts]
