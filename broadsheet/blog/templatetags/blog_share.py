from django import template

from broadsheet.blog.share import share_links

register = template.Library()


@register.inclusion_tag("includes/share_links.html", takes_context=True)
def share_post(context, post):
    request = context["request"]
    url = request.build_absolute_uri(post.url)
    return {"post_url": url, "links": share_links(title=post.title, url=url)}
