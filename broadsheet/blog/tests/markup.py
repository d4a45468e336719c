"""Reading a rendered page as a reader's browser, a crawler or a share preview would."""

import json

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def meta(page, key):
    """The content of <meta property=key> (OpenGraph) or <meta name=key>, or None."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def json_ld(page):
    """Every JSON-LD block in the page, by its @type."""
    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    return {block["@type"]: block for block in blocks}
