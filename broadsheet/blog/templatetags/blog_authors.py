from django import template

from broadsheet.blog import cache_tags
from broadsheet.pagecache.dependencies import depends_on

register = template.Library()


@register.inclusion_tag("blog/author_box.html")
def author_box(post):
    """``{% author_box page %}``: who wrote the post, their photo, bio and links.

    The page then shows what only the author's listing showed (bio, photo, website): it is
    thrown away with it (``cache_tags.author_about``).
    """
    author = post.author
    if author is None:
        return {"author": None}
    depends_on(cache_tags.author(author.pk), cache_tags.author_about(author.pk))
    return {"author": author}
