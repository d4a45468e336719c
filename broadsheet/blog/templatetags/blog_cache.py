from django import template

from broadsheet.blog.cache_tags import declare_post_shown

register = template.Library()


@register.simple_tag
def post_shown(post, *, byline=False, section=False, filing=False):
    """``{% post_shown post byline=True %}``: this page shows ``post`` (for the page cache).

    See ``cache_tags.declare_post_shown`` for what ``byline``, ``section`` and ``filing`` add.
    """
    if post:
        declare_post_shown(post, byline=byline, section=section, filing=filing)
    return ""
