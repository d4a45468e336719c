"""Saved article pages (.html, .htm): one post each, its main text found by trafilatura.

trafilatura keeps the article (paragraphs, headings, lists, quotes, tables, pictures and
links) and drops the page around it: menus, share bars, "recent posts" boxes, footers.
A WordPress page says itself where its post is (``.entry-content`` in nearly every
theme, ``.wp-block-post-content`` in block themes): that is taken whole where it holds
all trafilatura found, since trafilatura drops what it takes for link lists, such as a
post's nested list of links. The title, author and date are what the page declares
(_html_metadata), else what trafilatura finds; the canonical address is the one to
redirect from. Comments on a WordPress page come along, threaded, whatever the theme
(_html_comments). A page that gives no date is kept as a draft, dated when the file was
saved, for an editor to date and publish.
"""

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import Document

from broadsheet.importers import limits
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats._html_comments import wordpress_comments
from broadsheet.importers.formats._html_metadata import declared_author, declared_publication_time
from broadsheet.importers.parsing import (
    UNKNOWN_AUTHOR,
    UNKNOWN_AUTHOR_NOTE,
    element_text,
    export_time,
    images_in,
    inner_html,
    iso_datetime,
    remove_element,
    remove_empty_paragraphs,
    title_slug,
    url_slug,
    xpath_has_class,
)
from broadsheet.importers.records import AuthorRecord, NoteRecord, PostRecord, PostStatus
from broadsheet.importers.results import plural

DESCRIPTION = "a saved article page (.html, .htm), one post a file"

_SUFFIXES = {".html", ".htm"}
_WORDPRESS_CONTENT = etree.XPath(
    f"//*[{xpath_has_class('entry-content')} or {xpath_has_class('wp-block-post-content')}]"
)
# What plugins put inside a post's content: share bars, related posts, likes, ads.
_WORDPRESS_FURNITURE = etree.XPath(
    f".//script | .//style | .//form | .//*[{xpath_has_class('sharedaddy')}"
    f" or {xpath_has_class('jp-relatedposts')} or {xpath_has_class('sd-sharing')}"
    f" or {xpath_has_class('addtoany_share_save_container')} or {xpath_has_class('wpcnt')}"
    f" or {xpath_has_class('post-tags')} or {xpath_has_class('entry-meta')}"
    f" or {xpath_has_class('entry-footer')} or @id='jp-post-flair']"
)
_TITLE_HEADINGS = {"h1", "h2"}
# PostPage.excerpt holds 400 characters; a longer description is not an excerpt.
_EXCERPT_MAX_LENGTH = 400


def detect(path: Path) -> bool:
    """Any .html or .htm file: the formats that read exports claim theirs first."""
    return path.suffix.lower() in _SUFFIXES and path.is_file()


def parse(path: Path) -> Iterator[PostRecord | NoteRecord]:
    """The page's one post; ImportFileError when no article text is found in it."""
    size = path.stat().st_size
    if size > limits.MAX_POST_FILE_BYTES:
        raise ImportFileError(path, None, limits.too_large_file(size, limits.MAX_POST_FILE_BYTES))
    page = trafilatura.load_html(path.read_bytes())
    if page is None:
        raise ImportFileError(path, None, "not an HTML page, or an empty one")
    # bare_extraction works on a copy: ``page`` keeps its head, for the metadata the
    # page declares, and its comments.
    author = declared_author(page)
    published = declared_publication_time(page)
    document = trafilatura.bare_extraction(
        page,
        output_format="html",
        with_metadata=True,
        include_comments=False,
        include_images=True,
        include_links=True,
        include_formatting=True,
        include_tables=True,
    )
    # A Document (not as_dict): None when the page holds no article.
    if not isinstance(document, Document) or document.body is None:
        raise ImportFileError(path, None, "no article text found in the page")
    title = " ".join((document.title or "").split())
    if not title:
        raise ImportFileError(path, None, "no title found in the page")
    url = document.url or ""
    extracted = convert_to_html(document.body)[0]
    wordpress = _wordpress_content(page, extracted)
    body = _article_body(
        wordpress if wordpress is not None else extracted, title=title, base_url=url
    )
    author = author or (document.author or "").split(";")[0].strip()
    date = published or (iso_datetime(document.date) if document.date else None)
    source_id = f"html:{url or path.name}"
    comments = wordpress_comments(page, source_id=source_id)
    if comments.unreadable:
        yield NoteRecord(
            path.name,
            f"{plural(comments.unreadable, 'comment')} on the page could not be read (no date "
            "or no text found in the theme's markup): left out",
        )
    if date is None:
        yield NoteRecord(
            path.name,
            f"the page gives no publication date: {title!r} is kept as a draft, "
            "dated when the file was saved",
        )
    if not author:
        yield NoteRecord(path.name, f"the page names no author: {title!r} is {UNKNOWN_AUTHOR_NOTE}")
    yield PostRecord(
        source_id=source_id,
        title=title,
        slug=url_slug(url) or title_slug(title),
        author=AuthorRecord(name=author) if author else UNKNOWN_AUTHOR,
        date=date or export_time(path),
        status=PostStatus.PUBLISHED if date else PostStatus.DRAFT,
        body_html=inner_html(body),
        excerpt=_excerpt(document.description or ""),
        old_urls=(url,) if url else (),
        images=images_in(body),
        comments=comments.comments,
        language=_declared_language(page),
    )


def _wordpress_content(page: etree._Element, extracted: etree._Element) -> etree._Element | None:
    """The element a WordPress theme puts the post in, cleaned of what plugins add there;
    None when the page has none, or when it holds less than trafilatura found."""
    found = _WORDPRESS_CONTENT(page)
    if not found:
        return None
    content = etree.fromstring(etree.tostring(found[0]), etree.HTMLParser())
    content = content.find(".//body")[0] if content.find(".//body") is not None else content
    for furniture in _WORDPRESS_FURNITURE(content):
        if furniture.getparent() is not None:
            remove_element(furniture)
    # Taken whole only when it holds every word trafilatura kept of the article.
    if not _words(extracted) <= _words(content):
        return None
    content.tag = "body"
    return content


def _words(element: etree._Element) -> set[str]:
    return set(" ".join(element.itertext()).split())


def _declared_language(page: etree._Element) -> str:
    languages = page.xpath("/html/@lang")
    return languages[0] if languages else ""


def _article_body(body: etree._Element, *, title: str, base_url: str) -> etree._Element:
    """The article as an HTML <body>, without what the post page shows itself."""
    first = next(iter(body), None)
    # The post page prints the title; a heading repeating it at the top would show twice.
    if first is not None and first.tag in _TITLE_HEADINGS and element_text(first) == title:
        remove_element(first)
    # Pages space paragraphs with <p><br></p>; in a post they are only gaps.
    remove_empty_paragraphs(body)
    # A saved page's relative addresses meant its own site: make them absolute there.
    if base_url:
        for element, attribute in _addresses(body):
            # An address urllib cannot read ("http://[::1") is left as it is.
            with suppress(ValueError):
                element.set(attribute, urljoin(base_url, element.get(attribute)))
    return body


def _addresses(body: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    for tag, attribute in (("img", "src"), ("a", "href")):
        for element in body.iter(tag):
            if element.get(attribute):
                yield element, attribute


def _excerpt(description: str) -> str:
    text = " ".join(description.split())
    return text if len(text) <= _EXCERPT_MAX_LENGTH else ""
