"""Reader comments on a saved WordPress page, with their replies threaded.

WordPress prints comments the same way whatever the theme (wp_list_comments, HTML5
markup): an <li id="comment-N"> holds the author's name (.comment-author .fn), the
time (.comment-metadata time[datetime]) and the text (.comment-content); replies
sit in an <ol class="children"> inside the comment they answer. A comment without a
machine-readable time is left out: a comment must say when it was written.
"""

from lxml import etree

from broadsheet.importers.parsing import element_text, iso_datetime, xpath_has_class
from broadsheet.importers.records import CommentRecord

_COMMENTS = etree.XPath(f'//li[starts-with(@id, "comment-")][*[{xpath_has_class("comment-body")}]]')
# Relative to one comment's <li>: its own parts, never those of the replies it holds.
_BODY = f"*[{xpath_has_class('comment-body')}]"
_AUTHOR = etree.XPath(
    f"{_BODY}//*[{xpath_has_class('comment-author')}]//*[{xpath_has_class('fn')}]"
)
_TIME = etree.XPath(f"{_BODY}//*[{xpath_has_class('comment-metadata')}]//time/@datetime")
_CONTENT = etree.XPath(f"{_BODY}//*[{xpath_has_class('comment-content')}]")
# WordPress shows a comment without a name as "Anonymous".
_NAMELESS = "Anonymous"


def wordpress_comments(tree: etree._Element, *, source_id: str) -> tuple[CommentRecord, ...]:
    """The page's comments, each named "<source_id>#comment-N" as WordPress numbered it."""
    comments = []
    for item in _COMMENTS(tree):
        times = [moment for value in _TIME(item) if (moment := iso_datetime(value))]
        contents = _CONTENT(item)
        if not times or not contents:
            continue
        authors = _AUTHOR(item)
        links = authors[0].xpath(".//a/@href") if authors else []
        comments.append(
            CommentRecord(
                source_id=f"{source_id}#{item.get('id')}",
                author_name=(element_text(authors[0]) if authors else "") or _NAMELESS,
                author_url=links[0] if links else "",
                body=_plain_text(contents[0]),
                date=times[0],
                parent_source_id=_parent_source_id(item, source_id),
            )
        )
    return tuple(comments)


def _parent_source_id(item: etree._Element, source_id: str) -> str:
    parent = next(
        (li for li in item.iterancestors("li") if li.get("id", "").startswith("comment-")), None
    )
    return f"{source_id}#{parent.get('id')}" if parent is not None else ""


def _plain_text(content: etree._Element) -> str:
    """The comment's paragraphs as plain text, one blank line between them."""
    blocks = [element_text(paragraph) for paragraph in content.iter("p")]
    paragraphs = [block for block in blocks if block] or [element_text(content)]
    return "\n\n".join(paragraphs)
