"""Reading the search page as a reader sees it."""

import re

from django.urls import reverse

_RESULT_TITLE = re.compile(r'<h3 class="card-title"><a href="[^"]*">(.*?)</a></h3>')
_COUNT = re.compile(r'<h2 id="search-results-count" class="count">(.*?)</h2>')
_PASSAGE = re.compile(r'<p class="card-excerpt search-passage">(.*?)</p>')


def search(client, **params) -> str:
    """The search page's HTML for these GET parameters; it must answer 200."""
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html: str) -> list[str]:
    return _RESULT_TITLE.findall(html)


def count_line(html: str) -> str | None:
    found = _COUNT.search(html)
    return found[1] if found else None


def passages(html: str) -> list[str]:
    return _PASSAGE.findall(html)
