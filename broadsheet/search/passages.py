"""The passage of a post that matched a search, with the searched words marked."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from broadsheet.blog.text import ELLIPSIS, body_plain_text, make_excerpt

PASSAGE_LENGTH = 200
# Kept before the first match, so that it is read in its sentence.
LEAD_LENGTH = 60


def highlight_pattern(highlights: tuple[tuple[str, ...], ...]) -> re.Pattern | None:
    """Any of the searched words or phrases, from the start of a word.

    A match runs on to the end of its word ("talk" marks "talks"), as PostgreSQL's
    stemming finds such forms.
    """
    if not highlights:
        return None
    # Longest first, so that a phrase is marked whole rather than word by word.
    alternatives = sorted(
        (r"\W+".join(map(re.escape, words)) for words in highlights), key=len, reverse=True
    )
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\w*", re.IGNORECASE)


def post_text(post) -> str:
    """What a reader reads of a post below its title: its excerpt, then its body."""
    return f"{post.excerpt} {body_plain_text(post.body)}"


def matching_passage(text: str, pattern: re.Pattern | None) -> SafeString:
    """About PASSAGE_LENGTH characters around the first match, as HTML.

    Without a match (the title, author or a tag matched), the start of the text.
    """
    text = " ".join(text.split())
    match = pattern.search(text) if pattern else None
    start = _passage_start(text, match.start()) if match else 0
    passage = make_excerpt(text[start:], PASSAGE_LENGTH)
    return _marked(ELLIPSIS + passage if start else passage, pattern)


def _passage_start(text: str, match_start: int) -> int:
    if match_start <= LEAD_LENGTH:
        return 0
    # On a word boundary, at most LEAD_LENGTH characters before the match.
    space = text.find(" ", match_start - LEAD_LENGTH, match_start)
    return match_start if space == -1 else space + 1


def _marked(passage: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return escape(passage)
    parts, end = [], 0
    for match in pattern.finditer(passage):
        parts += [escape(passage[end : match.start()]), format_html("<mark>{}</mark>", match[0])]
        end = match.end()
    parts.append(escape(passage[end:]))
    # Every part is escaped text, or escaped text inside <mark>.
    return mark_safe("".join(parts))  # noqa: S308
