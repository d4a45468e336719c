import re

from django import template

register = template.Library()

_PHRASE = re.compile(r'"([^"]*)"?')


@register.filter
def quoted_query(text: str) -> str:
    """A search as a heading quotes it: “treaty”; a search with "phrases" in it keeps
    its own quotes, made typographic, rather than doubling them (“"grain corridor"”)."""
    if '"' not in text:
        return f"“{text}”"
    return _PHRASE.sub(lambda match: f"“{match.group(1)}”", text)
