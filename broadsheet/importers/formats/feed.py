"""RSS 2.0 and Atom feeds saved as files: every item a published post.

A feed is what a blog showed the world, so each item comes in as it stood: its full
content (content:encoded, Atom content in HTML) where the feed has it, else the longest
of its description, summary and other content, never a picture's Media RSS caption
(media:description, which feedparser files as content); its author's name (dc:creator,
Atom author, itunes:author, never their email address), falling back on the feed's
own; its publication date, else its update date; its link as the address to redirect
from; the feed's language.

Categories all become tags. RSS has one <category> element for what WordPress calls
categories and tags alike, and Ghost and Substack use it for tags, so "the first is the
category" would be a guess; tags lose nothing, and editors file posts into categories.

Nothing is fetched. The file is checked with defusedxml before feedparser reads it, so
an entity declaration (a "billion laughs") or an external entity is refused. Links and
pictures stay URLs in the records; the writer's fetcher decides what it may download.
A live feed's URL is not accepted: save the feed to a file and import the file.
"""

import datetime as dt
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import feedparser
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedElementTree
from lxml import etree

from broadsheet.importers import limits
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.parsing import (
    UNKNOWN_AUTHOR,
    element_text,
    fragment,
    images_in,
    inner_html,
    name_without_email,
    remove_element,
    remove_empty_paragraphs,
    title_slug,
    url_host,
    url_slug,
    xpath_has_class,
)
from broadsheet.importers.records import (
    AuthorRecord,
    ImageRecord,
    NoteRecord,
    PostRecord,
    ProblemRecord,
)
from broadsheet.importers.results import Kind

DESCRIPTION = "an RSS 2.0 or Atom feed saved as a file"

_DETECT_BYTES = 8192
_UTF8_BOM = b"\xef\xbb\xbf"
# The root element's name and attributes, after any declaration, processing
# instructions, comments and doctype (whose internal subset may hold '>').
_ROOT = re.compile(
    rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>))*"
    rb"\s*<(?:[\w.-]+:)?(?P<name>[\w.-]+)(?P<attributes>[^>]*)>",
    re.DOTALL,
)
_ATOM_NAMESPACE = b"http://www.w3.org/2005/Atom"
# WordPress's WXR export is RSS 2.0 too; its own format reads it, with comments and all.
_WXR_NAMESPACE = b"wordpress.org/export/"
_FEED_SERVICE_HOSTS = {"feeds.feedburner.com", "feedads.g.doubleclick.net", "feeds.wordpress.com"}
_FLARES = etree.XPath(f".//*[{xpath_has_class('feedflare')}]")
_PIXELS = etree.XPath('.//img[@width="1" and @height="1"]')
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MEDIA_DESCRIPTION = "{http://search.yahoo.com/mrss/}description"
# PostPage.excerpt holds 400 characters. A longer summary is the post's opening cut
# short, which the site's own excerpt does better.
_EXCERPT_MAX_LENGTH = 400


def detect(path: Path) -> bool:
    """A file whose root element is <rss> or Atom's <feed>, and not a WordPress export."""
    if not path.is_file():
        return False
    with path.open("rb") as file:
        head = _document_start(file.read(_DETECT_BYTES))
    root = _ROOT.match(head)
    if root is None:
        return False
    if root["name"] == b"rss":
        return _WXR_NAMESPACE not in root["attributes"]
    return root["name"] == b"feed" and _ATOM_NAMESPACE in root["attributes"]


def parse(path: Path) -> Iterator[PostRecord | NoteRecord | ProblemRecord]:
    """A post for each item; an item without a title or a date is skipped with a note."""
    data = _document_start(path.read_bytes())
    captions = _media_captions(path, data)
    # A file object, never a string: feedparser fetches a string that looks like a URL.
    # Its own sanitising is left off: the writer sanitises every body with nh3, and
    # feedparser's pure-Python pass costs many times a big item's size in memory.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False)
    del data
    if not parsed.get("version") and not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.bozo else ""
        raise ImportFileError(path, None, f"not a readable RSS or Atom feed{problem}")
    channel = parsed.feed
    feed = _Feed(
        key=channel.get("link") or channel.get("id") or path.name,
        author=_author(channel) or channel.get("title") or "",
        language=channel.get("language") or "",
        captions=captions,
    )
    for number, entry in enumerate(parsed.entries, start=1):
        yield _item(entry, f"item {number}", feed=feed)


def _document_start(data: bytes) -> bytes:
    # Some feeds (TechCrunch's among them) open with a newline before <?xml, which an
    # XML parser rejects; a declaration may only come first.
    return data.removeprefix(_UTF8_BOM).lstrip()


@dataclass(frozen=True)
class _Feed:
    key: str
    author: str
    language: str
    # The Media RSS captions of the feed's pictures, which are never an item's text.
    captions: frozenset[str]


def _media_captions(path: Path, data: bytes) -> frozenset[str]:
    """The text of every media:description in the feed, read while refusing entities."""
    try:
        root = DefusedElementTree.fromstring(data)
    except DefusedXmlException as error:
        raise ImportFileError(
            path,
            None,
            f"refused: the feed declares XML entities ({error}), which can expand "
            "without bound or read other files",
        ) from error
    except DefusedElementTree.ParseError:
        # Not well-formed: feedparser's lenient parser may still read it, and expat
        # reports entity declarations before any later error.
        return frozenset()
    captions = frozenset(
        _words(element.text or "") for element in root.iter(_MEDIA_DESCRIPTION) if element.text
    )
    root.clear()
    return captions


def _words(text: str) -> str:
    return " ".join(text.split())


def _item(entry: Any, item: str, *, feed: _Feed) -> PostRecord | NoteRecord | ProblemRecord:
    title = " ".join(entry.get("title", "").split())
    if not title:
        return NoteRecord(item, "skipped: the item has no title", skipped=Kind.POST)
    updated = _updated(entry)
    date = _time(entry.get("published_parsed")) or updated
    if date is None:
        return NoteRecord(f"{item} ({title})", "skipped: the item has no date", skipped=Kind.POST)
    link = _link(entry)
    body_html, summary_is_body = _body(entry, feed.captions)
    if limits.too_large_text(body_html):
        message = limits.too_large(len(body_html), limits.MAX_POST_CHARACTERS, "a post")
        return ProblemRecord(f"{item} ({title})", message)
    body = fragment(body_html)
    _remove_feed_furniture(body)
    guid = entry.get("id") or link or title
    author = _author(entry) or feed.author
    return PostRecord(
        source_id=f"feed:{feed.key}:{guid}",
        title=title,
        slug=url_slug(link) or title_slug(title),
        author=AuthorRecord(name=author) if author else UNKNOWN_AUTHOR,
        date=date,
        body_html=inner_html(body),
        excerpt="" if summary_is_body else _excerpt(entry.get("summary", "")),
        tags=_tags(entry),
        old_urls=(link,) if link else (),
        modified=updated if updated and updated != date else None,
        cover_image=_cover_image(entry),
        images=images_in(body),
        language=entry.get("language") or feed.language,
    )


def _time(parsed: time.struct_time | None) -> dt.datetime | None:
    # feedparser gives every date as a struct_time in UTC.
    return dt.datetime(*parsed[:6], tzinfo=dt.UTC) if parsed else None


def _updated(entry: Any) -> dt.datetime | None:
    # Asked for an update time the item lacks, feedparser answers with its publication
    # time (and a deprecation warning); only an update the item states counts.
    return _time(entry["updated_parsed"]) if "updated_parsed" in entry else None


def _link(entry: Any) -> str:
    # FeedBurner swaps each link for its own redirector and keeps the post's own
    # address in feedburner:origLink; the post's own address is the one to redirect.
    return entry.get("feedburner_origlink") or entry.get("link") or ""


def _body(entry: Any, captions: frozenset[str]) -> tuple[str, bool]:
    """The item's HTML, and whether it is only the summary (so not also the excerpt).

    content:encoded or Atom HTML content first; else the longest of the summary and the
    other contents. A picture's caption that feedparser filed as content never counts.
    """
    contents = [
        content
        for content in entry.get("content") or []
        if _words(_text_of(content.get("value", ""))) not in captions
        and _words(content.get("value", "")) not in captions
    ]
    content = next((c for c in contents if c.get("type") in _HTML_TYPES), None)
    if content is not None:
        return _as_html(content.get("value", ""), content.get("type", "")), False
    detail = entry.get("summary_detail") or {}
    candidates = [
        (content.get("value", ""), content.get("type", ""), False) for content in contents
    ]
    summary = entry.get("summary", "")
    if summary and _words(summary) not in captions:
        candidates.append((summary, detail.get("type", "text/html"), True))
    if not candidates:
        return "", True
    value, media_type, is_summary = max(candidates, key=lambda c: len(_text_of(c[0])))
    return _as_html(value, media_type), is_summary


def _text_of(html: str) -> str:
    return element_text(fragment(html)) if "<" in html else html


def _as_html(value: str, media_type: str) -> str:
    if media_type in _HTML_TYPES:
        return value
    return "".join(f"<p>{escape(part.strip())}</p>" for part in value.split("\n\n") if part.strip())


def _remove_feed_furniture(body: etree._Element) -> None:
    """Remove what feed services add to every item: FeedBurner's "flare" links, ads and
    tracking pixel, WordPress.com's share links. None of it is the author's."""
    furniture = [*_FLARES(body), *_PIXELS(body)]
    for element in body.iter("a", "img"):
        address = element.get("href") or element.get("src") or ""
        if url_host(address) in _FEED_SERVICE_HOSTS:
            furniture.append(element)
    for element in furniture:
        if element.getparent() is not None:
            remove_element(element)
    remove_empty_paragraphs(body)


def _excerpt(summary: str) -> str:
    text = element_text(fragment(summary))
    return text if len(text) <= _EXCERPT_MAX_LENGTH else ""


def _author(entry: Any) -> str:
    """The author's name alone: RSS's <author> is "email (Name)", and feedparser writes an
    Atom author as "Name (email)"; an address is personal data, never a byline."""
    detail = entry.get("author_detail") or {}
    return name_without_email((detail.get("name") or entry.get("author") or "").strip())


def _tags(entry: Any) -> tuple[str, ...]:
    names = ((tag.get("label") or tag.get("term") or "").strip() for tag in entry.get("tags", []))
    return tuple(dict.fromkeys(name for name in names if name))


def _cover_image(entry: Any) -> ImageRecord | None:
    """An image enclosure, else the item's first image in Media RSS (content, thumbnail)."""
    for enclosure in entry.get("enclosures", []):
        if enclosure.get("type", "").startswith("image/") and enclosure.get("href"):
            return ImageRecord(url=enclosure["href"])
    for media in entry.get("media_content", []):
        is_image = media.get("medium") == "image" or media.get("type", "").startswith("image/")
        if is_image and media.get("url"):
            return ImageRecord(url=media["url"])
    for thumbnail in entry.get("media_thumbnail", []):
        if thumbnail.get("url"):
            return ImageRecord(url=thumbnail["url"])
    return None
