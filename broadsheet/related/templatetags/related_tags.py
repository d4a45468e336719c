from django import template

from broadsheet.blog.cache_tags import declare_post_shown
from broadsheet.blog.models import PostPage
from broadsheet.pagecache.dependencies import depends_on
from broadsheet.related import cache_tags

register = template.Library()


@register.inclusion_tag("related/related_coverage.html")
def related_coverage(post):
    """``{% related_coverage page %}``: the post's stored closest posts, one query.

    Nothing is scored here (related.services does it in the task worker); a post
    unpublished since its list was stored is left out until the list is refreshed.
    """
    related = list(
        PostPage.objects.published()
        .filter(related_to_rows__post_id=post.pk)
        .select_related("author")
        .order_by("related_to_rows__rank")
    )
    depends_on(cache_tags.related(post.pk))
    for shown in related:
        declare_post_shown(shown, byline=True)
    return {"related": related}
