"""Wix's Ricos rich content (a JSON tree of typed nodes) as HTML.

Every text and attribute is escaped here, since the JSON is the source's and anything
may be in it; links keep only web, mail and phone addresses. Videos, audio, embeds and
link previews become the markup the importer turns into embed cards (a player in a
figure, a bookmark card), galleries their pictures. Nodes with no HTML counterpart
(buttons, polls…) keep whatever text they hold and are named in
``RicosHtml.unsupported``, for the importer to say what was left out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

from broadsheet.importers.records import ImageRecord

WIX_MEDIA_URL = "https://static.wixstatic.com/media/"

_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_IMAGE_SCHEMES = {"http", "https"}
# Wix decorations and the HTML element each becomes. Colour, font size, spoilers,
# mentions and anchors are the site's styling: their text stays, plainly.
_DECORATION_TAGS = {
    "BOLD": "strong",
    "ITALIC": "em",
    "UNDERLINE": "u",
    "STRIKETHROUGH": "s",
    "SUPERSCRIPT": "sup",
    "SUBSCRIPT": "sub",
}
_CONTAINER_TAGS = {
    "PARAGRAPH": "p",
    "BLOCKQUOTE": "blockquote",
    "BULLETED_LIST": "ul",
    "ORDERED_LIST": "ol",
    "LIST_ITEM": "li",
    "TABLE": "table",
    "TABLE_ROW": "tr",
    "TABLE_CELL": "td",
}
# The post page's title is its <h1>; a body's headings start below it.
_TOP_HEADING = 2
_BOTTOM_HEADING = 6
# Deeper than any real document; a hostile one is cut here rather than overflow.
_MAX_DEPTH = 64
_REGULAR_FONT_WEIGHT = 400


@dataclass
class RicosHtml:
    html: str = ""
    images: list[ImageRecord] = field(default_factory=list)
    unsupported: set[str] = field(default_factory=set)


def ricos_html(document: dict[str, Any]) -> RicosHtml:
    """The HTML of a Ricos document, the images it shows, and the node types it left out."""
    result = RicosHtml()
    result.html = _Renderer(result).children(document, depth=0)
    return result


def wix_media_url(media_id: str) -> str:
    """The public address of a Wix media file, from its id ("abc~mv2.jpg")."""
    return WIX_MEDIA_URL + quote(media_id, safe="~._-")


class _Renderer:
    def __init__(self, result: RicosHtml) -> None:
        self.result = result
        self.renderers: dict[str, Callable[[dict[str, Any], int], str]] = {
            "TEXT": self.text,
            "HEADING": self.heading,
            "CODE_BLOCK": self.code_block,
            "DIVIDER": lambda node, depth: "<hr>",
            "IMAGE": self.image,
            # An image's caption, inside the IMAGE node: rendered by image().
            "CAPTION": lambda node, depth: self.children(node, depth=depth),
            "VIDEO": self.video,
            "AUDIO": self.audio,
            "EMBED": self.embed,
            "HTML": self.embedded_html,
            "LINK_PREVIEW": self.link_preview,
            "GALLERY": self.gallery,
        }

    def children(self, node: dict[str, Any], *, depth: int) -> str:
        children = _child_nodes(node)
        if children and depth >= _MAX_DEPTH:
            self.result.unsupported.add(f"nesting deeper than {_MAX_DEPTH} levels")
            return ""
        return "".join(self.node(child, depth + 1) for child in children)

    def node(self, node: dict[str, Any], depth: int) -> str:
        kind = str(node.get("type", ""))
        if kind in self.renderers:
            return self.renderers[kind](node, depth)
        inner = self.children(node, depth=depth)
        if kind in _CONTAINER_TAGS:
            tag = _CONTAINER_TAGS[kind]
            # An empty paragraph is the editor's spacing, not the author's text.
            return f"<{tag}>{inner}</{tag}>" if inner.strip() or tag != "p" else ""
        self.result.unsupported.add(kind or "a node without a type")
        return inner

    def text(self, node: dict[str, Any], depth: int) -> str:
        data = _mapping(node.get("textData"))
        html = escape(str(data.get("text", "")))
        decorations = [d for d in data.get("decorations") or [] if isinstance(d, dict)]
        for decoration in decorations:
            tag = _DECORATION_TAGS.get(str(decoration.get("type", "")))
            if tag and _applies(decoration):
                html = f"<{tag}>{html}</{tag}>"
        href = next(filter(None, map(_link_url, decorations)), "")
        return f'<a href="{escape(href)}">{html}</a>' if href and html else html

    def heading(self, node: dict[str, Any], depth: int) -> str:
        level = _mapping(node.get("headingData")).get("level")
        if not isinstance(level, int):
            level = _TOP_HEADING
        level = min(max(level, _TOP_HEADING), _BOTTOM_HEADING)
        return f"<h{level}>{self.children(node, depth=depth)}</h{level}>"

    def code_block(self, node: dict[str, Any], depth: int) -> str:
        # Code keeps its characters, never its text's decorations.
        return f"<pre><code>{escape(_text_of(node))}</code></pre>"

    def image(self, node: dict[str, Any], depth: int) -> str:
        data = _mapping(node.get("imageData"))
        source = _mapping(_mapping(data.get("image")).get("src"))
        url = _image_url(source)
        if not url:
            self.result.unsupported.add("IMAGE without an address")
            return ""
        alt = str(data.get("altText") or "")
        caption_html = self.children(node, depth=depth) or escape(str(data.get("caption") or ""))
        caption = " ".join((_text_of(node) or str(data.get("caption") or "")).split())
        self.result.images.append(ImageRecord(url=url, alt=alt, caption=caption))
        figcaption = f"<figcaption>{caption_html}</figcaption>" if caption else ""
        return f'<figure><img src="{escape(url)}" alt="{escape(alt)}">{figcaption}</figure>'

    def video(self, node: dict[str, Any], depth: int) -> str:
        data = _mapping(node.get("videoData"))
        url = _web_url(_mapping(_mapping(data.get("video")).get("src")).get("url"))
        return self._player(node, url, str(data.get("title") or ""), depth)

    def audio(self, node: dict[str, Any], depth: int) -> str:
        data = _mapping(node.get("audioData"))
        url = _web_url(_mapping(_mapping(data.get("audio")).get("src")).get("url"))
        return self._player(node, url, str(data.get("name") or data.get("title") or ""), depth)

    def embed(self, node: dict[str, Any], depth: int) -> str:
        data = _mapping(node.get("embedData"))
        oembed = _mapping(data.get("oembed"))
        url = _web_url(data.get("src") or oembed.get("url"))
        return self._player(node, url, str(oembed.get("title") or ""), depth)

    def embedded_html(self, node: dict[str, Any], depth: int) -> str:
        # An HTML box: a frame of another site's page when it names one; else its code,
        # which never runs here.
        url = _web_url(_mapping(node.get("htmlData")).get("url"))
        return self._player(node, url, "", depth)

    def link_preview(self, node: dict[str, Any], depth: int) -> str:
        data = _mapping(node.get("linkPreviewData"))
        url = _web_url(_mapping(data.get("link")).get("url"))
        if not url:
            self.result.unsupported.add("LINK_PREVIEW without an address")
            return ""
        return (
            f'<figure class="kg-bookmark-card"><a href="{escape(url)}">'
            f'<div class="kg-bookmark-title">{escape(str(data.get("title") or ""))}</div>'
            f'<div class="kg-bookmark-description">{escape(str(data.get("description") or ""))}'
            "</div></a></figure>"
        )

    def gallery(self, node: dict[str, Any], depth: int) -> str:
        items = _mapping(node.get("galleryData")).get("items")
        figures = []
        for item in items if isinstance(items, list) else []:
            item = _mapping(item)
            source = _mapping(_mapping(_mapping(item.get("image")).get("media")).get("src"))
            url = _image_url(source)
            if not url:
                continue
            alt = str(item.get("altText") or "")
            caption = " ".join(str(item.get("title") or "").split())
            self.result.images.append(ImageRecord(url=url, alt=alt, caption=caption))
            figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
            figures.append(
                f'<figure><img src="{escape(url)}" alt="{escape(alt)}">{figcaption}</figure>'
            )
        return "".join(figures)

    def _player(self, node: dict[str, Any], url: str, title: str, depth: int) -> str:
        kind = str(node.get("type"))
        if not url:
            # Kept as it was named: a video the export gives no address for is lost.
            self.result.unsupported.add(kind)
            return self.children(node, depth=depth)
        caption = " ".join(_text_of(node).split())
        figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return (
            f'<figure><iframe src="{escape(url)}" title="{escape(title)}"></iframe>'
            f"{figcaption}</figure>"
        )


def _web_url(value: Any) -> str:
    url = str(value or "").strip()
    return url if _scheme(url) in _IMAGE_SCHEMES else ""


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _applies(decoration: dict[str, Any]) -> bool:
    """False for a decoration that switches its style off (regular weight, italic false)."""
    weight = decoration.get("fontWeightValue")
    if isinstance(weight, int) and weight <= _REGULAR_FONT_WEIGHT:
        return False
    return decoration.get("italicData") is not False


def _link_url(decoration: dict[str, Any]) -> str:
    if decoration.get("type") != "LINK":
        return ""
    url = str(_mapping(_mapping(decoration.get("linkData")).get("link")).get("url") or "").strip()
    return url if _scheme(url) in _LINK_SCHEMES else ""


def _image_url(source: dict[str, Any]) -> str:
    url = str(source.get("url") or "").strip()
    if _scheme(url) in _IMAGE_SCHEMES:
        return url
    media_id = str(source.get("id") or "").strip()
    return wix_media_url(media_id) if media_id else ""


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # an address urllib cannot read, such as "http://[::1"
        return ""


def _child_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    children = node.get("nodes")
    return (
        [child for child in children if isinstance(child, dict)]
        if isinstance(children, list)
        else []
    )


def _text_of(node: dict[str, Any], depth: int = 0) -> str:
    """All the text in ``node`` and below it, undecorated."""
    if depth > _MAX_DEPTH:
        return ""
    own = str(_mapping(node.get("textData")).get("text", ""))
    return own + "".join(_text_of(child, depth + 1) for child in _child_nodes(node))
