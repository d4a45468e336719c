"""What a saved web page declares about its article: author and publication time.

Pages say these in several vocabularies; each lookup tries them in a fixed order: a
<meta> tag, schema.org JSON-LD, schema.org microdata, then microformats (hCard, h-entry).
Only declarations count, never guesses from the text: guessing is trafilatura's job,
and the html format falls back on it.
"""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from lxml import etree

from broadsheet.importers.parsing import element_text, iso_datetime, xpath_has_class

_META_AUTHOR = etree.XPath('//meta[@name="author"]/@content')
_MICRODATA_AUTHORS = etree.XPath('//*[@itemprop="author"]')
_MICRODATA_NAME = etree.XPath('.//*[@itemprop="name"]')
_HCARD_AUTHORS = etree.XPath(
    f"//*[{xpath_has_class('author')}]//*[{xpath_has_class('fn')}]"
    f" | //*[{xpath_has_class('p-author')}]"
)
_META_PUBLISHED = etree.XPath(
    '//meta[@property="article:published_time" or @property="article:published"]/@content'
)
_MICRODATA_PUBLISHED = etree.XPath(
    '//*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime'
)
# hAtom's "published" (WordPress themes) and h-entry's "dt-published".
_MICROFORMAT_PUBLISHED = etree.XPath(
    f"//time[{xpath_has_class('published')} or {xpath_has_class('dt-published')}]/@datetime"
)
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()')
_ARTICLE_TYPE_ENDINGS = ("Article", "Posting")


def declared_author(tree: etree._Element) -> str:
    """The first author the page declares, or "" when it declares none."""
    for value in _META_AUTHOR(tree):
        if name := _first_name(value):
            return name
    for article in _json_ld_articles(tree):
        if name := _json_ld_name(article.get("author")):
            return name
    for author in _MICRODATA_AUTHORS(tree):
        named = next(iter(_MICRODATA_NAME(author)), author)
        if name := _first_name(named.get("content") or element_text(named)):
            return name
    for author in _HCARD_AUTHORS(tree):
        if name := element_text(author):
            return name
    return ""


def declared_publication_time(tree: etree._Element) -> dt.datetime | None:
    """When the page says its article was published, or None when it does not say."""
    values = [
        *_META_PUBLISHED(tree),
        *(article.get("datePublished") for article in _json_ld_articles(tree)),
        *_MICRODATA_PUBLISHED(tree),
        *_MICROFORMAT_PUBLISHED(tree),
    ]
    for value in values:
        if isinstance(value, str) and (moment := iso_datetime(value)):
            return moment
    return None


def _first_name(value: str) -> str:
    # Several authors come as "A; B" (and some pages repeat one name in capitals):
    # a post has one author, the first named.
    return value.split(";")[0].strip()


def _json_ld_articles(tree: etree._Element) -> Iterator[dict[str, Any]]:
    for script in _JSON_LD(tree):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        for item in _json_ld_items(data):
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).endswith(_ARTICLE_TYPE_ENDINGS) for kind in kinds):
                yield item


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document: itself, a list of them, or its @graph."""
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph", []))


def _json_ld_name(author: Any) -> str:
    if isinstance(author, list):
        return next(filter(None, map(_json_ld_name, author)), "")
    if isinstance(author, dict):
        author = author.get("name", "")
    return _first_name(author) if isinstance(author, str) else ""
