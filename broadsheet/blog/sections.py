"""The sections of the site: categories with published posts, as the header and the home
page list them, and every category, as the newsletter's subscribe box lists them."""

from django.db.models import Exists, OuterRef

from broadsheet.core.memo import remember

# More would crowd the header; an editor who wants others lists them (Settings > Site).
MOST_SECTIONS = 8


def sections_with_posts() -> list:
    """Categories with at least one published post, by name, at most MOST_SECTIONS.

    Every page's header asks: remembered between purges. A category that gets its first
    post or loses its last throws away every page showing the list (``cache_tags.SECTIONS``).
    """
    return [category for category in _categories() if category.has_posts][:MOST_SECTIONS]


def all_categories() -> list:
    """Every category, by name (each with ``has_posts``), remembered between purges."""
    return _categories()


def _categories() -> list:
    # One read for both lists: every post page shows the header and the subscribe box.
    return remember("categories", _read_categories)


def _read_categories() -> list:
    from broadsheet.blog.models import Category, PostPage

    filed = PostPage.objects.published().filter(category=OuterRef("pk"))
    return list(Category.objects.annotate(has_posts=Exists(filed)).order_by("name"))


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
