"""Plain text, reading time and excerpts: what a reader sees before opening a post."""

import html
import math
import re

from django.utils.html import strip_tags

WORDS_PER_MINUTE = 265
EXCERPT_LENGTH = 140
ELLIPSIS = "…"

# Where a block of text ends, a space stands in for the tag ("<p>One</p><p>Two</p>" reads
# "One Two"); inline markup joins its neighbours ("H<sub>2</sub>O" stays one word).
_BLOCK_TAG_START = re.compile(
    r"<(?=/?(?:p|h[1-6]|li|ul|ol|br|hr|div|blockquote|figure|figcaption)\b)", re.IGNORECASE
)
_SPACE = re.compile(r"\s+")
# Headings written inside a paragraph block's rich text, with what they hold.
_HEADING_ELEMENT = re.compile(r"<h[1-6]\b[^>]*>.*?</h[1-6]\s*>", re.IGNORECASE | re.DOTALL)
# Punctuation that reads badly right before an ellipsis.
_TRAILING_PUNCTUATION = " ,;:–—-([{\"'“‘"


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, with block boundaries kept as spaces."""
    spaced = _BLOCK_TAG_START.sub(" <", markup or "")
    return _SPACE.sub(" ", html.unescape(strip_tags(spaced))).strip()


def word_count(text: str) -> int:
    return len(text.split())


def reading_time_minutes(text: str) -> int:
    """Words divided by 265, rounded up, never less than one minute."""
    return max(1, math.ceil(word_count(text) / WORDS_PER_MINUTE))


def make_excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """The first ``limit`` characters of ``text``, ended on a whole word with an ellipsis."""
    text = _SPACE.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    # The character after the limit tells whether the limit fell inside a word.
    if not cut[-1].isspace():
        head, _, _ = cut.rpartition(" ")
        cut = head or text[:limit]
    return cut[:limit].rstrip(_TRAILING_PUNCTUATION) + ELLIPSIS


def body_plain_text(body) -> str:
    """The words a reader reads in a StreamField body (captions and credits aside)."""
    return " ".join(body_text_parts(body))


def body_text_parts(body) -> list[str]:
    """The body's readable text, block by block (paragraphs, headings, quotes)."""
    parts = []
    for block in body:
        if block.block_type == "paragraph":
            parts.append(html_to_text(block.value.source))
        elif block.block_type == "heading":
            parts.append(block.value["text"])
        elif block.block_type == "quote":
            parts.extend([block.value["quote"], block.value["attribution"] or ""])
        elif block.block_type == "html":
            parts.append(html_to_text(str(block.value)))
    return [p.strip() for p in parts if p and p.strip()]


def body_excerpt_text(body) -> str:
    """What an excerpt quotes of a body: its sentences, without the headings.

    A heading has no full stop, so joined to the paragraph after it the two run together
    ("Why the insurers came back Port authorities say…"); a summary reads the prose.
    """
    parts = []
    for block in body:
        if block.block_type == "paragraph":
            parts.append(html_to_text(_HEADING_ELEMENT.sub(" ", block.value.source)))
        elif block.block_type == "heading":
            continue
        else:
            parts.append(body_plain_text([block]))
    return " ".join(p.strip() for p in parts if p and p.strip())
