"""``{% feed_links %}``: the <link rel="alternate"> tags by which readers find the feeds."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("feeds/feed_links.html", takes_context=True)
def feed_links(context, kind=None, subject=None):
    """The site's feeds, or with ``kind`` ("category", "tag", "author") one listing's.

    ``kind`` and ``subject`` are what the blog's listing views already put in context.
    """
    site_name = context.get("site_name", "")
    if kind is None:
        name, kwargs, title = "feeds:site", {}, site_name
    else:
        name, kwargs, title = f"feeds:{kind}", {"slug": subject.slug}, f"{subject} · {site_name}"
    return {
        "title": title,
        "rss_url": reverse(name, kwargs=kwargs),
        "atom_url": reverse(f"{name}_atom", kwargs=kwargs),
    }
