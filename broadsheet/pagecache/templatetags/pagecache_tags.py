from django import template

from broadsheet.pagecache.dependencies import depends_on as declare

register = template.Library()


@register.simple_tag(name="depends_on")
def depends_on_tag(kind, *ids):
    """``{% depends_on "comments" page.pk %}``: this part of the page shows that data."""
    declare(*(f"{kind}:{pk}" for pk in ids) if ids else (kind,))
    return ""
