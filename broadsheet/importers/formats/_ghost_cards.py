"""Ghost's cards as HTML: the blocks, beyond text, of its mobiledoc and lexical posts.

Both of Ghost's editors store the same cards with the same fields, under a few
different names ("code" in mobiledoc is "codeblock" in lexical). Fields that Ghost
holds as HTML (captions, callout text) pass through; the writer sanitises them with
the rest of the body. Players and widgets become links: the site's CSP keeps
third-party frames out.
"""

import html
from collections.abc import Callable, Mapping
from typing import Any

from broadsheet.importers.formats._markdown import markdown_html

type Payload = Mapping[str, Any]

_ALIASES = {"codeblock": "code", "horizontalrule": "hr", "card-markdown": "markdown"}


def card_html(name: str, payload: Payload) -> str | None:
    """The card's HTML; None for a card this does not know (a signup form, a product)."""
    render = _RENDERERS.get(_ALIASES.get(name, name))
    return render(payload) if render else None


def _text(payload: Payload, key: str) -> str:
    """A field as text; Ghost writes null for fields never filled in."""
    value = payload.get(key)
    return str(value) if value is not None else ""


def _image(payload: Payload) -> str:
    return _figure(_img(payload), _text(payload, "caption"))


def _img(payload: Payload) -> str:
    src = html.escape(_text(payload, "src"))
    return f'<img src="{src}" alt="{html.escape(_text(payload, "alt"))}">' if src else ""


def _figure(content: str, caption_html: str) -> str:
    if not content:
        return ""
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html else ""
    return f"<figure>{content}{caption}</figure>"


def _code(payload: Payload) -> str:
    language = html.escape(_text(payload, "language"))
    attribute = f' class="language-{language}"' if language else ""
    code = f"<pre><code{attribute}>{html.escape(_text(payload, 'code'))}</code></pre>"
    caption = _text(payload, "caption")
    return _figure(code, caption) if caption else code


def _link(url: str, label_html: str) -> str:
    return f'<a href="{html.escape(url)}">{label_html or html.escape(url)}</a>'


def _embed(payload: Payload) -> str:
    url = _text(payload, "url")
    return _figure(f"<p>{_link(url, '')}</p>", _text(payload, "caption")) if url else ""


def _bookmark(payload: Payload) -> str:
    url = _text(payload, "url")
    if not url:
        return ""
    metadata = payload.get("metadata") or {}
    title = html.escape(_text(metadata, "title"))
    description = html.escape(_text(metadata, "description"))
    summary = f"<br>{description}" if description else ""
    return _figure(f"<p>{_link(url, title)}{summary}</p>", _text(payload, "caption"))


def _gallery(payload: Payload) -> str:
    images = payload.get("images") or []
    return "".join(_figure(_img(image), _text(image, "caption")) for image in images)


def _callout(payload: Payload) -> str:
    emoji = html.escape(_text(payload, "calloutEmoji"))
    return f"<p>{emoji + ' ' if emoji else ''}{_text(payload, 'calloutText')}</p>"


def _button(payload: Payload) -> str:
    url = _text(payload, "buttonUrl")
    return f"<p>{_link(url, html.escape(_text(payload, 'buttonText')))}</p>" if url else ""


def _toggle(payload: Payload) -> str:
    heading = _text(payload, "heading")
    return f"<details><summary>{heading}</summary>{_text(payload, 'content')}</details>"


def _media(payload: Payload) -> str:
    """A video, audio or file card: a link to the file, named by its title."""
    url = _text(payload, "src")
    title = html.escape(_text(payload, "title") or _text(payload, "fileTitle"))
    caption = _text(payload, "caption") or html.escape(_text(payload, "fileCaption"))
    return _figure(f"<p>{_link(url, title)}</p>", caption) if url else ""


def _header(payload: Payload) -> str:
    subheader = _text(payload, "subheader")
    return f"<h2>{_text(payload, 'header')}</h2>" + (f"<p>{subheader}</p>" if subheader else "")


_RENDERERS: dict[str, Callable[[Payload], str]] = {
    "image": _image,
    "code": _code,
    "markdown": lambda payload: markdown_html(_text(payload, "markdown")),
    "html": lambda payload: _text(payload, "html"),
    "hr": lambda payload: "<hr>",
    "embed": _embed,
    "bookmark": _bookmark,
    "gallery": _gallery,
    "callout": _callout,
    "button": _button,
    "toggle": _toggle,
    "video": _media,
    "audio": _media,
    "file": _media,
    "header": _header,
    # Where a members-only post's paywall began: nothing for a reader to see.
    "paywall": lambda payload: "",
}
