from django import template

from broadsheet.topics.subjects import shown_entities

register = template.Library()


@register.inclusion_tag("topics/post_entities.html")
def post_entities(post):
    """``{% post_entities page %}``: links to the topic pages of what the post is about."""
    return {"entities": shown_entities(post)}
