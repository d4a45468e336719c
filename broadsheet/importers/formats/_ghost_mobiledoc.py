"""Mobiledoc, the document format of Ghost 1 to 4, as HTML.

A mobiledoc is a list of sections: text sections (paragraphs, headings, quotes),
lists, images and cards. Text is a run of markers, each opening some markups (bold,
a link), holding text or an atom (a soft line break), then closing some. See
https://github.com/bustle/mobiledoc-kit/blob/master/MOBILEDOC.md (format 0.3).
"""

import html
import re
from collections.abc import Sequence
from typing import Any

from broadsheet.importers.formats._ghost_cards import card_html

_MARKUP_SECTION = 1
_IMAGE_SECTION = 2
_LIST_SECTION = 3
_CARD_SECTION = 10
_ATOM_MARKER = 1
# Text section tags, with Ghost's own that are not HTML; anything else is a paragraph.
_SECTION_TAGS = {
    **{tag: tag for tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")},
    "aside": "blockquote",
    "pull-quote": "blockquote",
}
# Tag and attribute names come from the file: only plain names are written back.
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")


def mobiledoc_html(document: dict[str, Any]) -> tuple[str, set[str]]:
    """The document's HTML, and the names of the cards it could not render."""
    renderer = _Renderer(document)
    body = "".join(renderer.section(section) for section in document.get("sections") or [])
    return body, renderer.unknown_cards


class _Renderer:
    def __init__(self, document: dict[str, Any]) -> None:
        self.markups: list[list[Any]] = document.get("markups") or []
        self.atoms: list[list[Any]] = document.get("atoms") or []
        self.cards: list[list[Any]] = document.get("cards") or []
        self.unknown_cards: set[str] = set()

    def section(self, section: Sequence[Any]) -> str:
        kind = section[0]
        if kind == _MARKUP_SECTION:
            tag = _SECTION_TAGS.get(section[1].lower(), "p")
            return f"<{tag}>{self.markers(section[2])}</{tag}>"
        if kind == _IMAGE_SECTION:
            return f'<figure><img src="{html.escape(section[1])}" alt=""></figure>'
        if kind == _LIST_SECTION:
            tag = "ol" if section[1].lower() == "ol" else "ul"
            items = "".join(f"<li>{self.markers(item)}</li>" for item in section[2])
            return f"<{tag}>{items}</{tag}>"
        if kind == _CARD_SECTION:
            name, payload = self.cards[section[1]]
            rendered = card_html(name, payload or {})
            if rendered is None:
                self.unknown_cards.add(name)
            return rendered or ""
        return ""

    def markers(self, markers: Sequence[Sequence[Any]]) -> str:
        """The HTML of a run of markers, closing each markup where the run says."""
        parts: list[str] = []
        # Markups left out (a damaged tag name) are kept here as "", so that the
        # closing counts still pair up.
        open_tags: list[str] = []
        for kind, opened, closed_count, value in markers:
            for index in opened:
                tag, attributes = self._markup(index)
                parts.append(f"<{tag}{attributes}>" if tag else "")
                open_tags.append(tag)
            parts.append(self._atom(value) if kind == _ATOM_MARKER else html.escape(value))
            for _ in range(min(closed_count, len(open_tags))):
                parts.append(_closing(open_tags.pop()))
        parts.extend(_closing(tag) for tag in reversed(open_tags))
        return "".join(parts)

    def _markup(self, index: int) -> tuple[str, str]:
        markup = self.markups[index]
        tag = markup[0].lower() if _NAME.fullmatch(markup[0]) else ""
        flat = markup[1] if len(markup) > 1 else []
        pairs = zip(flat[::2], flat[1::2], strict=False)
        attributes = "".join(
            f' {name}="{html.escape(str(value))}"'
            for name, value in pairs
            if _NAME.fullmatch(str(name))
        )
        return tag, attributes

    def _atom(self, index: int) -> str:
        name, text, _payload = self.atoms[index]
        return "<br>" if name == "soft-return" else html.escape(text or "")


def _closing(tag: str) -> str:
    return f"</{tag}>" if tag else ""
