"""Lexical, the document format of Ghost 5 and later, as HTML.

A lexical document is a tree under ``root``: element nodes (paragraphs, headings,
quotes, lists, links) hold children; text nodes carry their formatting as bit
flags; every other node is one of Ghost's cards, its fields on the node itself.
Ghost's "extended-" nodes are its own versions of the plain ones.
"""

import html
import re
from collections.abc import Iterable
from typing import Any

from broadsheet.importers.formats._ghost_cards import card_html

type Node = dict[str, Any]

# Lexical's text format flags, innermost last.
_FORMATS = (
    (1, "strong"),
    (2, "em"),
    (4, "s"),
    (8, "u"),
    (16, "code"),
    (32, "sub"),
    (64, "sup"),
    (128, "mark"),
)
_HEADING_TAG = re.compile(r"h[1-6]")
_TEXT_TYPES = {"text", "extended-text"}
_BLOCK_TAGS = {
    "paragraph": "p",
    "quote": "blockquote",
    "extended-quote": "blockquote",
    "aside": "blockquote",
}


def lexical_html(document: Node) -> tuple[str, set[str]]:
    """The document's HTML, and the names of the cards it could not render."""
    unknown_cards: set[str] = set()
    root = document.get("root") or {}
    return _children_html(root.get("children") or [], unknown_cards), unknown_cards


def _children_html(nodes: Iterable[Node], unknown_cards: set[str]) -> str:
    return "".join(_node_html(node, unknown_cards) for node in nodes)


def _node_html(node: Node, unknown_cards: set[str]) -> str:
    kind = node.get("type", "")
    if kind in _TEXT_TYPES:
        return _text_html(node)
    if kind == "linebreak":
        return "<br>"
    if kind == "tab":
        return "\t"
    children = node.get("children")
    if children is None:
        rendered = card_html(kind, node)
        if rendered is None:
            unknown_cards.add(kind)
        return rendered or ""
    inner = _children_html(children, unknown_cards)
    if kind in ("link", "autolink"):
        return f'<a href="{html.escape(str(node.get("url") or ""))}">{inner}</a>'
    if kind in ("heading", "extended-heading"):
        tag = node.get("tag", "")
        tag = tag if _HEADING_TAG.fullmatch(str(tag)) else "h2"
        return f"<{tag}>{inner}</{tag}>"
    if kind == "list":
        tag = "ol" if node.get("listType") == "number" else "ul"
        return f"<{tag}>{inner}</{tag}>"
    if kind == "listitem":
        return f"<li>{inner}</li>"
    if kind in _BLOCK_TAGS:
        return f"<{_BLOCK_TAGS[kind]}>{inner}</{_BLOCK_TAGS[kind]}>"
    # An element this does not know: its text still counts.
    return inner


def _text_html(node: Node) -> str:
    text = html.escape(str(node.get("text") or ""))
    given = node.get("format")
    flags = given if isinstance(given, int) else 0
    for flag, tag in reversed(_FORMATS):
        if flags & flag:
            text = f"<{tag}>{text}</{tag}>"
    return text
