"""The production layout: nginx answers kept pages from the page cache's files, as
`manage.py pagecache_nginx` configures it, and stops the moment a purge deletes them."""

import gzip
import re
import urllib.request

import pytest

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories
from broadsheet.pagecache.nginx import nginx_config

NGINX_FILE_ETAG = re.compile(r'"[0-9a-f]+-[0-9a-f]+"')
pytestmark = [
    # serialized_rollback: Wagtail's root page and default Site outlive the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("page_cache"),
]


def _get(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (http://127.0.0.1)
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return answer.status, dict(answer.headers), answer.read()


@pytest.fixture
def front(nginx, live_server):
    upstream = live_server.url.removeprefix("http://")
    port = nginx(lambda port: nginx_config(listen=f"127.0.0.1:{port}", upstream=upstream))
    return f"http://127.0.0.1:{port}"


def test_kept_page_is_served_by_nginx_with_djangos_headers(front):
    post = factories.post("Talks resume in Geneva")

    _, first, _ = _get(front + post.url)
    status, headers, body = _get(front + post.url)

    assert status == 200
    assert "Talks resume in Geneva" in body.decode()
    # Django's ETag is a hash; nginx's, for a file, its modification time and size.
    assert not NGINX_FILE_ETAG.fullmatch(first["ETag"])
    assert NGINX_FILE_ETAG.fullmatch(headers["ETag"])
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "s-maxage=300" in headers["Cache-Control"]


def test_nginx_sends_the_gzip_file_to_readers_who_take_it(front):
    post = factories.post("Talks resume in Geneva", paragraphs=["Delegations met. " * 50])
    _, _, plain = _get(front + post.url)

    _, headers, body = _get(front + post.url, **{"Accept-Encoding": "gzip"})

    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == plain


def test_an_edit_reaches_readers_through_nginx_at_once(front):
    post = factories.post("Talks resume in Geneva")
    _get(front + post.url)
    _get(front + post.url)

    post.title = "Talks resume in Geneva, with a deal"
    post_publish(post=post)
    _, _, body = _get(front + post.url)

    assert "with a deal" in body.decode()


def test_forms_and_other_queries_go_to_the_application(front):
    post = factories.post("Talks resume in Geneva")
    _get(front + post.url)

    _, headers, body = _get(front + post.url + "?comment=pending")

    assert "awaiting approval" in body.decode()
    assert not NGINX_FILE_ETAG.fullmatch(headers.get("ETag", ""))
