"""Both stores keep, find and throw away pages alike, and never keep a page a purge overtook."""

import time

import pytest

from broadsheet.pagecache.entries import Entry, etag_for
from broadsheet.pagecache.keys import PageKey
from broadsheet.pagecache.stores.files import FileStore
from broadsheet.pagecache.stores.redis import RedisStore

HOUR = 3600


@pytest.fixture(params=["files", "redis"])
def make_store(request, tmp_path):
    """Makes stores sharing one place, as processes of one site do."""
    if request.param == "files":
        return lambda: FileStore(tmp_path / "pagecache", memory_bytes=1024 * 1024)
    url = request.getfixturevalue("redis_url")
    return lambda: RedisStore(url)


def _key(path="/post/talks/", page=None):
    return PageKey(scheme="http", host="news.example.org", path=path, page=page)


def _entry(text="<p>Talks resume</p>", *, expires_in=HOUR):
    body = text.encode()
    return Entry(
        headers=[("Content-Type", "text/html; charset=utf-8"), ("ETag", etag_for(body))],
        body=body,
        extension="html",
        expires=time.time() + expires_in,
        gzip=b"gzip-bytes",
        br=b"br-bytes",
    )


def test_kept_page_is_found_with_its_headers_and_encodings(make_store):
    store = make_store()
    store.put(_key(), _entry(), {"post:1"}, generation=store.generation())

    found = make_store().get(_key())

    assert found.body == b"<p>Talks resume</p>"
    assert ("Content-Type", "text/html; charset=utf-8") in found.headers
    assert (found.gzip, found.br) == (b"gzip-bytes", b"br-bytes")


def test_purge_throws_away_exactly_the_pages_carrying_a_tag(make_store):
    store = make_store()
    generation = store.generation()
    store.put(_key("/post/a/"), _entry(), {"post:1", "author:7"}, generation=generation)
    store.put(_key("/post/b/"), _entry(), {"post:2", "author:7"}, generation=generation)
    store.put(_key("/blog/", page=2), _entry(), {"post:1", "list:all:p2"}, generation=generation)

    purged = store.purge_tags({"post:1"})

    assert purged == ["http://news.example.org/blog/?page=2", "http://news.example.org/post/a/"]
    assert store.get(_key("/post/a/")) is None
    assert store.get(_key("/blog/", page=2)) is None
    assert store.get(_key("/post/b/")) is not None


def test_purge_in_one_process_reaches_the_copy_another_holds_in_memory(make_store):
    reader, writer = make_store(), make_store()
    writer.put(_key(), _entry(), {"post:1"}, generation=writer.generation())
    assert reader.get(_key()) is not None

    writer.purge_tags({"post:1"})

    assert reader.get(_key()) is None


def test_page_rendered_while_a_purge_ran_is_not_kept(make_store):
    store = make_store()
    read_before_rendering = store.generation()
    make_store().purge_tags({"post:1"})  # Another process, meanwhile.

    kept = store.put(_key(), _entry("old"), {"post:1"}, generation=read_before_rendering)

    assert not kept
    assert store.get(_key()) is None


def test_replacing_a_page_drops_its_old_tags(make_store):
    store = make_store()
    store.put(_key(), _entry("first"), {"post:1"}, generation=store.generation())
    store.put(_key(), _entry("second"), {"post:2"}, generation=store.generation())

    assert store.purge_tags({"post:1"}) == []
    assert store.get(_key()).body == b"second"


def test_purge_all_throws_away_everything(make_store):
    store = make_store()
    store.put(_key("/a/"), _entry(), {"post:1"}, generation=store.generation())
    store.put(_key("/b/"), _entry(), {"post:2"}, generation=store.generation())

    store.purge_all()

    assert store.urls() == []
    assert store.get(_key("/a/")) is None


def test_expired_page_counts_as_absent(make_store):
    store = make_store()
    store.put(_key(), _entry(expires_in=-1), {"post:1"}, generation=store.generation())

    assert make_store().get(_key()) is None


def test_file_store_lays_pages_out_for_nginx(tmp_path):
    store = FileStore(tmp_path)
    key = PageKey(scheme="https", host="news.example.org", path="/post/چای/", page=None)
    store.put(key, _entry("<p>tea</p>"), {"post:1"}, generation=store.generation())
    store.put(
        PageKey(scheme="https", host="news.example.org", path="/blog/", page=3),
        _entry("<p>page three</p>"),
        {"list:all:p3"},
        generation=store.generation(),
    )

    page = tmp_path / "pages" / "https" / "news.example.org" / "post" / "چای"
    assert (page / "index.html").read_bytes() == b"<p>tea</p>"
    assert (page / "index.html.gz").read_bytes() == b"gzip-bytes"
    listing = tmp_path / "pages" / "https" / "news.example.org" / "blog" / "page-3.html"
    assert listing.read_bytes() == b"<p>page three</p>"


def test_purging_tags_raises_the_generation_and_purging_all_raises_both(make_store):
    store, elsewhere = make_store(), make_store()
    generation, whole = store.generations()

    store.purge_tags({"post:1"})
    after_tags = elsewhere.generations()
    store.purge_all()
    after_all = elsewhere.generations()

    assert after_tags == (generation + 1, whole)
    assert after_all == (generation + 2, whole + 1)
