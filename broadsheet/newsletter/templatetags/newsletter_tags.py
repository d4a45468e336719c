from django import template

from broadsheet.blog.models import Category
from broadsheet.core import memo
from broadsheet.newsletter.cache_tags import declare_sections_shown
from broadsheet.newsletter.models import Subscriber

register = template.Library()


def _sections() -> list[tuple[int, str]]:
    return list(Category.objects.order_by("name").values_list("pk", "name"))


@register.inclusion_tag("newsletter/subscribe_form.html")
def subscribe_box():
    """The subscribe form under a post: the same for every reader, sections included."""
    declare_sections_shown()
    return {
        # Every post page asks, and only a category's edit changes it (signals.py purges).
        "categories": memo.remember("newsletter:sections", _sections),
        "frequencies": Subscriber.Frequency.choices,
    }
