"""Reader comments on a saved WordPress page, with their replies threaded, whatever the theme.

Themes print comments each their own way, but WordPress names the parts itself: each
comment's element has the id ``comment-N`` (Twenty Ten wraps it in an ``li-comment-N``),
its author is in ``.comment-author`` (the name in ``.fn``, or a ``cite``), its time in a
``<time datetime>`` or, in older themes, only as text in ``.comment-meta`` or
``.commentmetadata``, its words in ``.comment-content`` or ``.comment-body``, and a
reply sits inside the comment it answers, in ``.children``. Comments that are found but
cannot be read (no time at all) are counted, for a note.
"""

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as date_parser
from django.utils import timezone
from lxml import etree

from broadsheet.importers.parsing import element_text, iso_datetime, xpath_has_class
from broadsheet.importers.records import CommentRecord

_COMMENT_ID = re.compile(r"^(?:li-)?comment-(?P<number>\d+)$")
_CANDIDATES = etree.XPath('//*[starts-with(@id, "comment-") or starts-with(@id, "li-comment-")]')
_AUTHOR = etree.XPath(
    f".//*[{xpath_has_class('comment-author')}]//*[{xpath_has_class('fn')}]"
    f" | .//*[{xpath_has_class('comment-author')}]//cite"
    f" | .//*[{xpath_has_class('comment-author')}]"
)
_TIME = etree.XPath(".//time/@datetime")
_META = etree.XPath(
    f".//*[{xpath_has_class('comment-meta')} or {xpath_has_class('commentmetadata')}"
    f" or {xpath_has_class('comment-date')} or {xpath_has_class('comment-time')}]"
)
# Where a comment's words are, best first: .comment-body holds the author and date
# too in WordPress's own markup, and only the words in older themes.
_CONTENT = [
    etree.XPath(f".//*[{xpath_has_class(name)}]")
    for name in ("comment-content", "comment-text", "comment-entry", "comment-body")
]
_NOT_WORDS = (
    f".//*[{xpath_has_class('comment-author')} or {xpath_has_class('comment-meta')}"
    f" or {xpath_has_class('commentmetadata')} or {xpath_has_class('reply')}"
    f" or {xpath_has_class('comment-reply-link')} or {xpath_has_class('says')}"
    f" or {xpath_has_class('comment-awaiting-moderation')} or {xpath_has_class('children')}]"
)
# WordPress shows a comment without a name as "Anonymous".
_NAMELESS = "Anonymous"
_SAYS = re.compile(r"\s+says:?$", re.IGNORECASE)
# Dates as themes print them: "March 3, 2024 at 11:05 am", "3 March 2024 at 11:05".
_AT = re.compile(r"\s+at\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PageComments:
    comments: tuple[CommentRecord, ...]
    # Comments found on the page that could not be read (no time, no text).
    unreadable: int


def wordpress_comments(tree: etree._Element, *, source_id: str) -> PageComments:
    """The page's comments, each named "<source_id>#comment-N" as WordPress numbered it."""
    elements = _comment_elements(tree)
    comments, unreadable = [], 0
    for number, element in elements.items():
        comment = _comment(element, number, elements, source_id)
        if comment is None:
            unreadable += 1
        else:
            comments.append(comment)
    return PageComments(tuple(comments), unreadable)


def _comment_elements(tree: etree._Element) -> dict[str, etree._Element]:
    """Each comment's outermost element, by its number, in page order.

    Twenty Ten's ``li#li-comment-7`` holds ``div#comment-7``: the li is the comment,
    since its replies are inside it.
    """
    found: dict[str, etree._Element] = {}
    for element in _CANDIDATES(tree):
        match = _COMMENT_ID.match(element.get("id", ""))
        if match is None or element.tag in ("a", "span", "form", "textarea", "input"):
            continue
        number = match["number"]
        known = found.get(number)
        if known is None or element in known.iterancestors():
            found[number] = element
    return found


def _comment(
    element: etree._Element, number: str, elements: dict[str, etree._Element], source_id: str
) -> CommentRecord | None:
    own = _own_copy(element, number)
    date = _date(own)
    body = _body(own)
    if date is None or not body:
        return None
    authors = _AUTHOR(own)
    author = _SAYS.sub("", element_text(authors[0])) if authors else ""
    links = authors[0].xpath(".//a/@href") if authors else []
    parent = _parent_number(element, elements)
    return CommentRecord(
        source_id=f"{source_id}#comment-{number}",
        author_name=author or _NAMELESS,
        author_url=links[0] if links else "",
        body=body,
        date=date,
        parent_source_id=f"{source_id}#comment-{parent}" if parent else "",
    )


def _own_copy(element: etree._Element, number: str) -> etree._Element:
    """A copy of the comment's element without the replies it holds."""
    copy = etree.fromstring(etree.tostring(element))
    for nested in copy.xpath(f".//*[{xpath_has_class('children')}]"):
        nested.getparent().remove(nested)
    for nested in _CANDIDATES(copy):
        # A reply kept outside .children is still not this comment's.
        match = _COMMENT_ID.match(nested.get("id", ""))
        if match and match["number"] != number and nested.getparent() is not None:
            nested.getparent().remove(nested)
    return copy


def _date(own: etree._Element) -> dt.datetime | None:
    for value in _TIME(own):
        if moment := iso_datetime(value):
            return moment
    for meta in _META(own):
        if moment := _printed_date(element_text(meta)):
            return moment
    return None


def _printed_date(text: str) -> dt.datetime | None:
    """A date as a theme prints it, read in the site's time zone (the page does not say)."""
    text = _AT.sub(" ", text).strip()
    if not any(character.isdigit() for character in text):
        return None
    try:
        moment = date_parser.parse(text, fuzzy=True)
    except (ValueError, OverflowError):
        return None
    return moment if moment.tzinfo else timezone.make_aware(moment)


def _body(own: etree._Element) -> str:
    """The comment's paragraphs as plain text, one blank line between them."""
    found = next((found for xpath in _CONTENT if (found := xpath(own))), None)
    if not found:
        return ""
    content = etree.fromstring(etree.tostring(found[0]))
    for furniture in content.xpath(_NOT_WORDS):
        if furniture is not content and furniture.getparent() is not None:
            furniture.getparent().remove(furniture)
    blocks = [element_text(paragraph) for paragraph in content.iter("p")]
    paragraphs = [block for block in blocks if block] or [element_text(content)]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _parent_number(element: etree._Element, elements: dict[str, etree._Element]) -> str:
    """The number of the comment whose element holds this one, "" for a thread's start."""
    holders = {id(candidate): number for number, candidate in elements.items()}
    for ancestor in element.iterancestors():
        if id(ancestor) in holders:
            return holders[id(ancestor)]
    return ""
