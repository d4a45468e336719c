"""``{% page_meta as seo %}`` and ``{% head_meta seo %}``: base.html's head, for every page."""

from django import template
from wagtail.models import Page

from broadsheet.blog.seo import PageMeta, head_tags

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """The ``PageMeta`` the view made; for any other Wagtail page, one from its own fields."""
    meta = context.get("seo")
    page = context.get("page")
    if meta is None and isinstance(page, Page):
        meta = PageMeta.for_page(page)
    return meta


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def head_meta(context, meta):
    request = context.get("request")
    # Error pages rendered without a page or a request say nothing about themselves.
    if meta is None or request is None:
        return {}
    return head_tags(
        meta,
        request=request,
        site_name=str(context.get("site_name", "")),
        blog_index_url=str(context.get("blog_index_url", "/")),
    )
