"""``width_srcset``: a srcset listing each width once."""

from django import template

register = template.Library()


@register.filter
def width_srcset(picture):
    """The srcset of a ``{% srcset_image ... as picture %}``, one candidate a width.

    Wagtail never enlarges a picture, so an original narrower than the widest
    rendition comes back several times at its own width: duplicate candidates are
    invalid HTML and offer the browser nothing.
    """
    by_width = {}
    for rendition in picture.renditions:
        by_width.setdefault(rendition.width, rendition.url)
    return ", ".join(f"{url} {width}w" for width, url in by_width.items())
