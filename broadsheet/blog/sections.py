"""The sections of the site: categories with published posts, as the header and the home
page list them."""

from broadsheet.core.memo import remember

# More would crowd the header; an editor who wants others lists them (Settings > Site).
MOST_SECTIONS = 8


def sections_with_posts() -> list:
    """Categories with at least one published post, by name, at most MOST_SECTIONS.

    Every page's header asks: remembered between purges. A category that gets its first
    post or loses its last throws away every page showing the list (``cache_tags.SECTIONS``).
    """
    return remember("sections-with-posts", _sections_with_posts)


def _sections_with_posts() -> list:
    from broadsheet.blog.models import Category, PostPage

    filed = PostPage.objects.published().filter(category__isnull=False).values("category_id")
    return list(Category.objects.filter(pk__in=filed).order_by("name")[:MOST_SECTIONS])


def sections_changed(*, left: int | None, entered: int | None) -> bool:
    """True when the list of sections changed as a post left category ``left`` and entered
    ``entered`` (either None): ``left`` lost its last post, or ``entered`` got its first."""
    from broadsheet.blog.models import PostPage

    if left == entered:
        return False

    def published_in(category_id) -> int:
        # Two are enough to tell "none", "one" and "more".
        return PostPage.objects.published().filter(category_id=category_id)[:2].count()

    return (left is not None and published_in(left) == 0) or (
        entered is not None and published_in(entered) == 1
    )
