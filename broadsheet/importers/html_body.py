"""Imported HTML as body blocks: sanitised, then each element given the block that fits it.

- ``<p>`` and inline content become paragraphs of rich text, in Wagtail's storage
  format: bold, italic, links, lists, superscript and subscript kept; other inline
  markup is unwrapped, its text kept. Bare text at the top splits at blank lines.
- ``<h1>``-``<h6>`` become headings (h1 and h2 a section, h3 a subsection, the rest
  minor), ``<blockquote>`` a quote, and an ``<img>`` or a ``<figure>`` holding one an
  image block with its alt text and caption, when the picture was imported.
- A picture that was not imported becomes a link to where it lives, named by its alt
  text: the site's CSP does not let readers' browsers load third-party pictures.
- Embedded players, posts and maps become embed blocks, cards linking to them
  (``embeds.py`` finds them before the sanitiser would remove them).
- Whatever has no block of its own (tables, code, definition lists, a quote holding a
  link, a list holding a table) is kept as it is in an ``html`` block.

No text is dropped on the way: the words of a stored body are the words of the
sanitised HTML, in the same order. And the sanitiser drops none of the source's: an
element whose content is raw text (``<style>``, ``<script>``, ``<iframe>``…) that the
source never closed would swallow the rest of the post, and so would a ``<math>`` or
``<svg>`` (the sanitiser drops MathML and SVG whole, with whatever a parser put inside
them), so those tags go first, their words staying; should words go missing all the
same, ``notes`` says so.
"""

import html as html_module
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit, urlunsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

from broadsheet.core.blocks import CaptionedImageBlock, HeadingBlock, QuoteBlock
from broadsheet.core.sanitize import sanitize_html
from broadsheet.importers.embeds import Embed, ExtractedEmbeds, embeds_extracted
from broadsheet.importers.soup import attribute

# Inline elements: they flow within a paragraph rather than start a block.
_INLINE_TAGS = {
    "a", "abbr", "b", "br", "cite", "code", "del", "dfn", "em", "i", "img", "ins", "kbd",
    "mark", "picture", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
    "u", "var",
}  # fmt: skip
# Inline markup rich text keeps, by the tag Wagtail stores it as.
_RICH_TEXT_TAGS = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup", "sub": "sub"}
_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
# What a quote block, which holds plain text, can take without losing a link or a list.
_QUOTE_TAGS = (_INLINE_TAGS - {"a", "img", "picture"}) | {"p"}
_VOID_TAGS = {"br", "col", "hr", "img", "source"}

_HEADING_LENGTH = HeadingBlock.base_blocks["text"].field.max_length
_ATTRIBUTION_LENGTH = QuoteBlock.base_blocks["attribution"].field.max_length
_ALT_LENGTH = CaptionedImageBlock.base_blocks["alt_text"].field.max_length
_CAPTION_LENGTH = CaptionedImageBlock.base_blocks["caption"].field.max_length

# HTML's own whitespace: a no-break space is text, not room to collapse.
_SPACES = re.compile(r"[ \t\n\f\r]+")
_BLANK_LINE = re.compile(r"\n[ \t\f\r]*\n")
# Room at either end of a paragraph, inside whatever formatting opens or closes it.
_LEADING_ROOM = re.compile(r"^((?:<(?:b|i|sup|sub|a [^>]*)>)*)(?:\s|<br/>)+")
_TRAILING_ROOM = re.compile(r"(?:\s|<br/>)+((?:</(?:b|i|sup|sub|a)>)*)$")
_EMPTY_ELEMENT = re.compile(r"<(b|i|sup|sub)></\1>|<a [^>]*></a>")
_MARKUP = re.compile(r"<[^>]*>")

# Elements whose content an HTML parser reads as raw text up to their closing tag.
_RAW_TEXT_OPENER = re.compile(
    r"<(script|style|iframe|noscript|noembed|noframes|xmp|textarea|title|plaintext)\b[^>]*>",
    re.IGNORECASE,
)
# MathML and SVG, which the site never shows: their tags go, their text stays. The
# sanitiser drops these elements with all they hold, even outside <math> and <svg>.
_FOREIGN_TAG = re.compile(
    r"</?(?:math|mi|mn|mo|ms|mtext|mglyph|malignmark|annotation-xml|annotation|semantics"
    r"|mrow|mfrac|msqrt|mroot|mstyle|merror|mpadded|mphantom|mfenced|menclose|msub|msup"
    r"|msubsup|munder|mover|munderover|mmultiscripts|mtable|mtr|mtd|mlabeledtr|maction"
    r"|mspace|mprescripts|none|svg|g|text|tspan|textpath|desc|defs|symbol|use|path|rect"
    r"|circle|ellipse|line|polyline|polygon|foreignobject)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)
# What a reader never saw as text, closed properly: it holds no words to keep.
_HIDDEN_CONTENT = re.compile(
    r"<(script|style|template|noscript|iframe|object|embed|head|title)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_WORD = re.compile(r"\w+")
# Fewer words out than in, past this, is text the cleaning lost, not a counting quirk.
_LOST_WORDS_NOTED = 5
_LOST_SHARE_NOTED = 0.02

Block = tuple[str, object]


@dataclass(frozen=True)
class BodyImage:
    """A picture of the image library, standing in for the ``<img>`` it was imported from.

    ``alt`` and ``caption`` are the source's own, used where the HTML gives none.
    """

    image: AbstractImage
    alt: str = ""
    caption: str = ""


def image_key(url: str) -> str:
    """What identifies a picture's address: sources mix http, https and scheme-relative
    addresses for the same file, so the scheme is left out."""
    parts = urlsplit(url.strip())
    return urlunsplit(("", parts.netloc, parts.path, parts.query, ""))


class ImportedHTML:
    """A body's HTML from a source, sanitised and read once.

    ``notes`` says what of the source could not be kept: dropped scripts and forms, and
    text the cleaning lost.
    """

    def __init__(self, html: str) -> None:
        self._embeds = embeds_extracted(html)
        source = _swallowing_markup_defused(self._embeds.html)
        # No multi-valued attributes: every attribute is written back exactly as read.
        self._root = BeautifulSoup(
            sanitize_html(source), "html.parser", multi_valued_attributes=None
        )
        self.notes = [*self._embeds.notes, *_lost_text_notes(source, self._root)]

    def text(self) -> str:
        """The words a reader reads in the body."""
        return " ".join(self._root.get_text(" ").split())

    def image_sources(self) -> list[str]:
        """The address of every picture in the body, once each, in reading order."""
        sources = (attribute(img, "src") for img in self._root.find_all("img"))
        return list(dict.fromkeys(src for src in sources if src))

    def blocks(self, images: Mapping[str, BodyImage]) -> list[Block]:
        """The body as (block type, value) pairs; ``images`` maps image_key(src) to pictures
        imported into the library."""
        builder = _BlockBuilder(images, self._embeds)
        builder.flow(self._root.children, split_at_blank_lines=True)
        return builder.blocks


class _CannotHold(Exception):
    """Rich text cannot hold this element (a picture inside a list, say)."""


@dataclass(frozen=True)
class _Picture:
    src: str
    alt: str

    @property
    def label(self) -> str:
        """What names the picture in a link to it: its alt text, else its file name."""
        name = unquote(PurePosixPath(urlsplit(self.src).path).name)
        return self.alt or name or self.src


class _BlockBuilder:
    def __init__(self, images: Mapping[str, BodyImage], embeds: ExtractedEmbeds) -> None:
        self.images = images
        self.embeds = embeds
        self.blocks: list[Block] = []

    def flow(self, nodes: Iterable, *, split_at_blank_lines: bool) -> None:
        """Blocks from a run of content: inline runs become paragraphs, the rest blocks."""
        text = _RichText(self, split_at_blank_lines=split_at_blank_lines)
        for node in list(nodes):
            if _is_inline(node):
                text.add(node)
                continue
            text.end_paragraph()
            self.block(node)
        text.end_paragraph()

    def block(self, tag: Tag) -> None:
        if tag.name in _HEADING_LEVELS:
            self._heading(tag)
        elif tag.name == "p" and (embed := self.embeds.embed_for(tag.get_text())):
            self._embed(embed)
        elif tag.name == "p":
            self.flow(tag.children, split_at_blank_lines=False)
        elif tag.name == "blockquote":
            self._quote(tag)
        elif tag.name in ("ul", "ol"):
            self._list(tag)
        elif tag.name == "figure":
            self._figure(tag)
        elif tag.name == "div" or (tag.name in _INLINE_TAGS and tag.name != "a"):
            # A wrapper: its content is read as if it stood here. (An inline element that
            # holds blocks, other than a link, loses its formatting, never its text.)
            self.flow(tag.children, split_at_blank_lines=True)
        else:
            self.html(tag)

    def paragraph(self, html: str) -> None:
        html = _tidy_edges(self.embeds.markers_replaced(html))
        if _MARKUP.sub("", html).strip():
            self.blocks.append(("paragraph", RichText(f"<p>{html}</p>")))

    def html(self, tag: Tag) -> None:
        if tag.get_text().strip() or tag.find(["img", "hr"]) or tag.name == "hr":
            html = self.embeds.markers_replaced(self._serialise(tag, in_link=False))
            self.blocks.append(("html", html))

    def _embed(self, embed: Embed) -> None:
        self.blocks.append(
            ("embed", {"url": embed.url, "title": embed.title, "caption": embed.caption})
        )

    def imported(self, picture: _Picture) -> BodyImage | None:
        return self.images.get(image_key(picture.src))

    def image(self, picture: _Picture, body_image: BodyImage, *, caption: str = "") -> None:
        caption = caption or body_image.caption
        # Never the caption: a screen reader would read it twice. Left empty, the alt
        # text is asked for when an editor next saves the post.
        alt = picture.alt or body_image.alt
        if len(alt) > _ALT_LENGTH:
            alt = alt[: _ALT_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        fits = len(caption) <= _CAPTION_LENGTH
        value = {"image": body_image.image, "alt_text": alt, "caption": caption if fits else ""}
        self.blocks.append(("image", value | {"credit": ""}))
        if not fits:
            self.paragraph(escape(caption, quote=False))

    def _heading(self, tag: Tag) -> None:
        text = _plain(tag.get_text())
        # A heading block holds words only: a link or a picture in it, or a heading
        # too long for one, is kept as written.
        if tag.find(["a", "img"]) or len(text) > _HEADING_LENGTH:
            self.html(tag)
        elif text:
            self.blocks.append(("heading", {"text": text, "level": _HEADING_LEVELS[tag.name]}))

    def _quote(self, tag: Tag) -> None:
        if any(element.name not in _QUOTE_TAGS for element in tag.find_all(True)):
            self.html(tag)
            return
        content = [node for node in tag.children if not _is_blank(node)]
        attribution = ""
        last = content[-1] if content else None
        if isinstance(last, Tag) and last.name == "cite":
            cited = _plain(last.get_text())
            if len(cited) <= _ATTRIBUTION_LENGTH:
                attribution = cited
                content.pop()
        paragraphs: list[str] = []
        current: list[str] = []
        for node in content:
            if isinstance(node, Tag) and node.name == "p":
                paragraphs.append("".join(current))
                paragraphs.append(_text_with_breaks(node))
                current = []
            else:
                current.append(_text_with_breaks(node))
        paragraphs.append("".join(current))
        quote = "\n\n".join(filter(None, (paragraph.strip() for paragraph in paragraphs)))
        if quote:
            self.blocks.append(("quote", {"quote": quote, "attribution": attribution}))
        elif attribution:
            self.html(tag)

    def _list(self, tag: Tag) -> None:
        try:
            html = self._list_html(tag)
        except _CannotHold:
            self.html(tag)
            return
        if _MARKUP.sub("", html).strip():
            self.blocks.append(("paragraph", RichText(html)))

    def _list_html(self, tag: Tag) -> str:
        # Rich text numbers a list from 1, upwards: anything else would change its numbers.
        if tag.name == "ol" and (tag.get("start", "1") != "1" or tag.has_attr("reversed")):
            raise _CannotHold
        items = []
        for child in tag.children:
            if _is_blank(child):
                continue
            if not (isinstance(child, Tag) and child.name == "li"):
                raise _CannotHold
            items.append(f"<li>{self._list_item_html(child)}</li>")
        return f"<{tag.name}>{''.join(items)}</{tag.name}>"

    def _list_item_html(self, item: Tag) -> str:
        text = _RichText(None, split_at_blank_lines=False)
        nested: list[str] = []
        list_kind = item.parent.name if item.parent is not None else None
        for child in item.children:
            # Rich text has no place for words after a nested list in the same item.
            if nested and not _is_blank(child) and getattr(child, "name", None) not in ("ul", "ol"):
                raise _CannotHold
            if _is_inline(child):
                text.add(child)
            elif isinstance(child, Tag) and child.name == "p":
                text.line_break()
                for grandchild in child.children:
                    text.add(grandchild)
            elif isinstance(child, Tag) and child.name == list_kind:
                nested.append(self._list_html(child))
            else:
                # A list of the other kind inside (bullets within numbers): the editor
                # would end the outer list there and number what follows from 1 again.
                raise _CannotHold
        return _tidy_edges(text.html()) + "".join(nested)

    def _figure(self, tag: Tag) -> None:
        caption = tag.find("figcaption", recursive=False)
        content = [node for node in tag.children if node is not caption and not _is_blank(node)]
        picture = _lone_picture(content)
        if picture is not None:
            self._picture_with_caption(picture, caption)
        elif content and all(
            _lone_picture([node]) or (isinstance(node, Tag) and node.name == "figure")
            for node in content
        ):
            # A gallery: each picture in turn, then what the gallery's caption says.
            self.flow(content, split_at_blank_lines=False)
            if caption is not None:
                self.flow(caption.children, split_at_blank_lines=False)
        else:
            self.html(tag)

    def _picture_with_caption(self, picture: _Picture, caption: Tag | None) -> None:
        body_image = self.imported(picture)
        # A caption block holds words only: a caption with a link is kept as a paragraph.
        plain_caption = caption is None or caption.find(["a", "img"]) is None
        if body_image is None:
            self.paragraph(_picture_link(picture, in_link=False))
        elif plain_caption:
            caption_text = _plain(caption.get_text()) if caption is not None else ""
            self.image(picture, body_image, caption=caption_text)
            return
        else:
            self.image(picture, body_image)
        if caption is not None:
            self.flow(caption.children, split_at_blank_lines=False)

    def _serialise(self, node, *, in_link: bool) -> str:
        """``node`` as HTML, its pictures pointed at the library's copies or linked to."""
        if isinstance(node, NavigableString):
            return escape(str(node), quote=False)
        if node.name == "img":
            return self._picture_html(_picture_of(node), in_link=in_link)
        if node.name == "source":
            # Other sizes of a picture, at its source: the site cannot show them.
            return ""
        # The post's title is the page's one h1.
        name = "h2" if node.name == "h1" else node.name
        attributes = "".join(f' {key}="{escape(value)}"' for key, value in node.attrs.items())
        if name in _VOID_TAGS:
            return f"<{name}{attributes}>"
        inner = "".join(
            self._serialise(child, in_link=in_link or name == "a") for child in node.children
        )
        return f"<{name}{attributes}>{inner}</{name}>"

    def _picture_html(self, picture: _Picture, *, in_link: bool) -> str:
        body_image = self.imported(picture)
        if body_image is not None:
            image = body_image.image
            alt = escape(picture.alt or body_image.alt)
            return (
                f'<img src="{escape(image.file.url)}" alt="{alt}" '
                f'width="{image.width}" height="{image.height}">'
            )
        return _picture_link(picture, in_link=in_link)


class _RichText:
    """Inline HTML written in Wagtail's rich-text storage format.

    A paragraph cannot hold an imported picture: where one comes (and, in bare text,
    at a blank line) the paragraph so far is ended and the formatting open at that
    point is opened again after it. Without a builder to hand paragraphs to (inside a
    list item), such a break cannot be made and raises _CannotHold.
    """

    def __init__(self, builder: _BlockBuilder | None, *, split_at_blank_lines: bool) -> None:
        self._builder = builder
        self._split_at_blank_lines = split_at_blank_lines
        self._parts: list[str] = []
        self._open: list[tuple[str, str]] = []

    def add(self, node) -> None:
        if isinstance(node, NavigableString):
            self._text(str(node))
        elif node.name == "br":
            self.line_break()
        elif node.name in ("img", "picture"):
            self._picture(_picture_of(node))
        elif node.name == "a" and node.get("href"):
            self._element("a", f'<a href="{escape(node["href"])}">', node)
        elif node.name in _RICH_TEXT_TAGS:
            tag = _RICH_TEXT_TAGS[node.name]
            self._element(tag, f"<{tag}>", node)
        else:
            for child in list(node.children):
                self.add(child)

    def line_break(self) -> None:
        self._parts.append("<br/>")

    def html(self) -> str:
        return "".join(self._parts)

    def end_paragraph(self) -> None:
        if self._builder is None:
            raise _CannotHold
        closing = "".join(f"</{name}>" for name, _ in reversed(self._open))
        self._builder.paragraph(self.html() + closing)
        self._parts = [opening for _, opening in self._open]

    def _element(self, name: str, opening: str, node: Tag) -> None:
        self._open.append((name, opening))
        self._parts.append(opening)
        for child in list(node.children):
            self.add(child)
        self._open.pop()
        self._parts.append(f"</{name}>")

    def _text(self, text: str) -> None:
        pieces = _BLANK_LINE.split(text) if self._split_at_blank_lines else [text]
        for number, piece in enumerate(pieces):
            if number:
                self.end_paragraph()
            self._parts.append(escape(_SPACES.sub(" ", piece), quote=False))

    def _picture(self, picture: _Picture) -> None:
        builder = self._builder
        body_image = builder.imported(picture) if builder else None
        if builder is None or body_image is None:
            in_link = any(name == "a" for name, _ in self._open)
            self._parts.append(_picture_link(picture, in_link=in_link))
            return
        self.end_paragraph()
        builder.image(picture, body_image)


def _is_inline(node) -> bool:
    if isinstance(node, NavigableString):
        return True
    return node.name in _INLINE_TAGS and all(
        element.name in _INLINE_TAGS for element in node.find_all(True)
    )


def _is_blank(node) -> bool:
    return isinstance(node, NavigableString) and not node.strip()


def _picture_of(tag: Tag) -> _Picture:
    img = tag if tag.name == "img" else tag.find("img")
    if img is None:
        return _Picture(src="", alt="")
    return _Picture(src=attribute(img, "src"), alt=_plain(attribute(img, "alt")))


def _lone_picture(nodes: list) -> _Picture | None:
    """The picture that ``nodes`` are, alone or inside a link, or None."""
    if len(nodes) != 1 or not isinstance(nodes[0], Tag):
        return None
    node = nodes[0]
    if node.name in ("img", "picture"):
        return _picture_of(node)
    if node.name in ("a", "p", "div", "span"):
        return _lone_picture([child for child in node.children if not _is_blank(child)])
    return None


def _picture_link(picture: _Picture, *, in_link: bool) -> str:
    """What stands for a picture that was not imported: a link to it, named by its alt
    text; inside a link, where no link may go, just that name."""
    if not picture.src:
        return escape(picture.alt, quote=False)
    if in_link:
        return escape(picture.label, quote=False)
    return f'<a href="{escape(picture.src)}">{escape(picture.label, quote=False)}</a>'


def _plain(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _text_with_breaks(node) -> str:
    """The words of ``node``, with its <br>s as line breaks."""
    if isinstance(node, NavigableString):
        return _SPACES.sub(" ", str(node))
    if node.name == "br":
        return "\n"
    lines = "".join(_text_with_breaks(child) for child in node.children).split("\n")
    return "\n".join(line.strip() for line in lines)


def _swallowing_markup_defused(html: str) -> str:
    """``html`` without its MathML and SVG tags, nor the opening tag of any raw-text
    element it never closes.

    Left in, an unclosed ``<style>`` (or ``<script>``, ``<iframe>``…) would make a parser
    read the rest of the post as its content, and an unclosed ``<math>`` would put it
    in a subtree the sanitiser drops whole.
    """
    html = _FOREIGN_TAG.sub("", html)
    position = 0
    while match := _RAW_TEXT_OPENER.search(html, position):
        closing = re.search(rf"</{match[1]}\s*>", html[match.end() :], re.IGNORECASE)
        if closing is None:
            html = html[: match.start()] + html[match.end() :]
            position = match.start()
        else:
            position = match.end() + closing.end()
    return html


def _lost_text_notes(source: str, cleaned: BeautifulSoup) -> list[str]:
    """A note when the cleaned body has noticeably fewer words than the source showed."""
    shown = _MARKUP.sub(" ", _HIDDEN_CONTENT.sub(" ", _COMMENT.sub(" ", source)))
    before = len(_WORD.findall(html_module.unescape(shown)))
    kept_words = _WORD.findall(cleaned.get_text(" "))
    lost = before - len(kept_words)
    if lost < _LOST_WORDS_NOTED or lost < before * _LOST_SHARE_NOTED:
        return []
    last = " ".join(kept_words[-6:])
    where = f" after “{last}”" if last else ""
    return [
        f"about {lost} words of its text could not be kept while cleaning its HTML (they "
        f"came{where}): compare the post with the original"
    ]


def _tidy_edges(html: str) -> str:
    """Without the spaces and line breaks at either end, or formatting left empty."""
    html = _LEADING_ROOM.sub(r"\1", _TRAILING_ROOM.sub(r"\1", html))
    while True:
        tidied = _EMPTY_ELEMENT.sub("", html)
        if tidied == html:
            return html
        html = tidied
