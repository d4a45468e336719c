from django import template

from broadsheet.masthead.selectors import masthead_for, navigation

register = template.Library()


@register.inclusion_tag("masthead/navigation.html", takes_context=True)
def site_navigation(context):
    """The header's links; the current section or page is marked for assistive technology."""
    request = context.get("request")
    links = navigation(request, blog_index_url=context.get("blog_index_url", "/"))
    return {"links": links, "current_path": request.path if request else ""}


@register.simple_tag(takes_context=True)
def masthead(context):
    """``{% masthead as site %}``: tagline, description and the counts threshold."""
    return masthead_for(context.get("request"))
