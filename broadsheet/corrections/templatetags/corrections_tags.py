from django import template
from django.utils.translation import get_language

from broadsheet.corrections.selectors import last_noted, notes_for

register = template.Library()


@register.inclusion_tag("corrections/post_updated.html")
def post_updated(post):
    """``{% post_updated page %}``: "Updated <date>" for the byline, if ever noted."""
    return {"updated_at": last_noted(post)}


@register.inclusion_tag("corrections/post_notes.html")
def post_notes(post):
    """``{% post_notes page %}``: the post's corrections and updates, at its end."""
    # Labels in the site's language, inside a post that may be in another.
    return {"post": post, "notes": notes_for(post), "site_language": get_language()}
