"""Kept pages are answered before Django runs, exactly as Django answered them."""

import gzip
import threading
import time

import brotli
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.tests import factories
from broadsheet.pagecache.entries import Entry, etag_for
from broadsheet.pagecache.front import PageCacheApp
from broadsheet.pagecache.keys import PageKey
from broadsheet.pagecache.stores.files import FileStore
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def front():
    return FrontClient()


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva", paragraphs=["Delegations met on Monday. " * 20])


def test_second_read_is_answered_by_the_cache_without_a_query(front, post):
    first = front.get(post.url)

    with CaptureQueriesContext(connection) as queries:
        second = front.get(post.url)

    assert (first.status, first.hit) == (200, False)
    assert (second.status, second.hit) == (200, True)
    assert second.body == first.body
    assert "Talks resume in Geneva" in second.text
    assert len(queries) == 0


def test_hit_carries_the_headers_django_sent(front, post):
    first = front.get(post.url)
    second = front.get(post.url)

    for name in (
        "content-type",
        "cache-control",
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "etag",
        "last-modified",
    ):
        assert second.headers[name] == first.headers[name], name
    assert second.headers["vary"] == "Accept-Encoding"
    assert int(second.headers["content-length"]) == len(second.body)


def test_reader_with_the_same_copy_is_told_not_modified(front, post):
    etag = front.get(post.url).headers["etag"]

    answer = front.get(post.url, {"If-None-Match": etag})
    weak = front.get(post.url, {"If-None-Match": f"W/{etag}"})
    other = front.get(post.url, {"If-None-Match": '"something-else"'})

    assert (answer.status, answer.body) == (304, b"")
    assert weak.status == 304
    assert other.status == 200


def test_first_answer_already_has_the_etag_a_hit_will_have(front, post):
    first = front.get(post.url)
    hit = front.get(post.url)

    assert first.headers["etag"] == hit.headers["etag"]


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip;q=0.5", "gzip", gzip.decompress),
        ("", None, lambda body: body),
    ],
)
def test_page_comes_compressed_as_the_reader_accepts(front, post, accept, encoding, decode):
    plain = front.get(post.url).body

    for answer in (front.get(post.url, {"Accept-Encoding": accept}),) * 2:
        assert answer.headers.get("content-encoding") == encoding
        assert decode(answer.body) == plain


def test_head_is_answered_without_a_body(front, post):
    front.get(post.url)

    answer = front.head(post.url)

    assert (answer.status, answer.hit, answer.body) == (200, True, b"")
    assert int(answer.headers["content-length"]) > 0


def test_each_page_of_a_listing_is_kept_apart(front, blog_index):
    for number in range(14):
        factories.post(f"Story {number}")

    first, second = front.get("/blog/"), front.get("/blog/?page=2")
    again = front.get("/blog/?page=2")

    assert first.body != second.body
    assert (again.hit, again.body) == (True, second.body)


def test_other_query_strings_go_to_django(front, post):
    front.get(post.url)

    answer = front.get(f"{post.url}?comment=pending")

    assert not answer.hit
    assert "awaiting approval" in answer.text


def test_a_post_is_never_answered_from_the_cache(front, post):
    front.get(post.url)

    answer = front.request(
        "POST",
        f"/post/{post.slug}/comments/",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=b"author_name=Reader&body=Thoughts",
    )

    assert (answer.status, answer.hit) == (302, False)


@pytest.mark.parametrize("url", ["/no-such-page/", "/search/?q=geneva", "/admin/login/"])
def test_what_is_not_the_same_for_everyone_is_never_kept(front, post, url):
    first = front.get(url)
    second = front.get(url)

    assert first.status == second.status
    assert not second.hit


def test_hosts_are_kept_apart(post):
    # Absolute addresses in the page (canonical, og:url) name the host asked for.
    local, other = FrontClient(host="testserver"), FrontClient(host="news.example.org")
    local.get(post.url)

    answer = other.get(post.url)

    assert not answer.hit
    assert "http://news.example.org/post/" in answer.text


def test_readers_arriving_during_a_render_wait_for_it_instead_of_rendering_again(tmp_path):
    store = FileStore(tmp_path)
    key = PageKey(scheme="http", host="testserver", path="/post/viral/", page=None)
    renders = []
    waiting = threading.Barrier(5, timeout=10)

    def django(environ, start_response):
        """Stands in for Django and PageCacheMiddleware: slow to render, then keeps the page."""
        renders.append(threading.current_thread().name)
        time.sleep(0.3)  # Long enough for the other readers to arrive and wait.
        body = b"<p>Viral</p>"
        entry = Entry(
            headers=[("Content-Type", "text/html"), ("ETag", etag_for(body))],
            body=body,
            extension="html",
            expires=time.time() + 60,
        )
        store.put(key, entry, {"post:1"}, generation=store.generation())
        start_response("200 OK", [("Content-Type", "text/html")])
        return [body]

    app = PageCacheApp(django, store_factory=lambda: store)
    answers = []

    def read():
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/post/viral/", "HTTP_HOST": "testserver"}
        waiting.wait()
        headers = {}
        body = b"".join(app(environ, lambda status, h: headers.update(h)))
        answers.append((body, headers.get("X-Cache")))

    readers = [threading.Thread(target=read) for _ in range(5)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=20)

    assert len(renders) == 1
    assert {body for body, _ in answers} == {b"<p>Viral</p>"}
    assert sorted(str(cache) for _, cache in answers) == ["None", "hit", "hit", "hit", "hit"]
