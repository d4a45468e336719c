"""HTML fragments read with the standard library's parser: their images, their text."""

import re
from html.parser import HTMLParser

_BLOCK_ENDS = {"p", "div", "blockquote", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_EXCESS_BLANK_LINES = re.compile(r"\n{3,}")


def img_attributes(html: str) -> list[dict[str, str]]:
    """Each ``<img>``'s attributes, in document order; a bare attribute maps to ""."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.images


def text_with_links(html: str) -> str:
    """The text of ``html`` as a reader sees it, with each link's address after it.

    Line breaks stay (a ``<br>`` is one, a paragraph ends with a blank line), so a
    comment written as HTML reads the same as plain text.
    """
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return _EXCESS_BLANK_LINES.sub("\n\n", "".join(reader.text)).strip()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str]] = []
        self.text: list[str] = []
        # The open link's address and where its text starts in ``text``.
        self._link: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "img":
            self.images.append(attributes)
        elif tag == "br":
            self.text.append("\n")
        elif tag == "a" and attributes.get("href"):
            self._link = (attributes["href"], len(self.text))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_ENDS:
            self.text.append("\n\n")
        elif tag == "a" and self._link is not None:
            href, start = self._link
            self._link = None
            # A link that shows its own address needs no repeat.
            if href not in "".join(self.text[start:]):
                self.text.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
