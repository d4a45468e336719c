"""Beautiful Soup's attributes read as text."""

from bs4 import Tag


def attribute(tag: Tag, name: str) -> str:
    """``tag``'s attribute ``name`` as written, "" when it has none.

    Beautiful Soup gives the attributes that hold several words (class, rel) as lists:
    they come back joined by spaces, as they were in the HTML.
    """
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)
