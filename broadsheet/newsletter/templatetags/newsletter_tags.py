from django import template

from broadsheet.blog.models import Category
from broadsheet.newsletter.models import Subscriber

register = template.Library()


@register.inclusion_tag("newsletter/subscribe_form.html")
def subscribe_box():
    """The subscribe form under a post: the same for every reader, sections included."""
    return {
        "categories": Category.objects.order_by("name").values_list("pk", "name"),
        "frequencies": Subscriber.Frequency.choices,
    }
