from django import template

from broadsheet.blog.sections import all_categories
from broadsheet.newsletter.cache_tags import declare_sections_shown
from broadsheet.newsletter.models import Subscriber

register = template.Library()


@register.inclusion_tag("newsletter/subscribe_form.html")
def subscribe_box():
    """The subscribe form under a post: the same for every reader, sections included."""
    declare_sections_shown()
    return {
        # Every post page asks, and only a category's edit changes it (signals.py purges).
        "categories": [(category.pk, category.name) for category in all_categories()],
        "frequencies": Subscriber.Frequency.choices,
    }
