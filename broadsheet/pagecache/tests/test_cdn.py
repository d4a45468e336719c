"""A CDN in front is told exactly the addresses an edit threw away, in its own protocol.

The CDNs are stand-ins on loopback speaking the real protocols: an HTTP cache taking
PURGE requests (Varnish, Fastly), and Cloudflare's purge-by-URL API (JSON, bearer token).
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories
from broadsheet.pagecache.cdn import frontend_cache_from_env
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


class StandIn(ThreadingHTTPServer):
    """Records every request it is sent; answers as the CDN would."""

    def __init__(self, answer: dict | None = None):
        self.requests: list[dict] = []
        self.answer = answer
        super().__init__(("127.0.0.1", 0), _Recorder)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self, method: str) -> set[str]:
        return {r["path"] for r in self.requests if r["method"] == method}


class _Recorder(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "host": self.headers.get("Host"),
                "authorization": self.headers.get("Authorization"),
                "body": self.rfile.read(length).decode() if length else "",
            }
        )
        body = json.dumps(self.server.answer or {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PURGE = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def stand_in():
    servers = []

    def start(**kwargs):
        servers.append(StandIn(**kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(blog_index):
    europe = factories.category("Europe", slug="europe")
    return [factories.post(f"Story {n}", slug=f"story-{n}", category=europe) for n in range(1, 4)]


def _read(*paths):
    front = FrontClient()
    for path in paths:
        assert front.get(path).status == 200


def test_an_edit_sends_a_purge_for_each_page_it_threw_away(
    site, stand_in, settings, django_capture_on_commit_callbacks
):
    cache = stand_in()
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env({"CDN_PURGE_URL": cache.url})
    _read("/", "/blog/", "/blog/category/europe/", "/search/?q=story", site[0].url)

    with django_capture_on_commit_callbacks(execute=True):
        site[1].title = "Story 2, corrected"
        post_publish(post=site[1])

    purged = cache.paths("PURGE")
    assert {"/", "/blog/", "/blog/category/europe/", site[0].url} <= purged
    # The first story is the second's neighbour; a search page shows no edit at once.
    assert not any(path.startswith("/search/") for path in purged)
    assert {r["host"] for r in cache.requests} == {"testserver"}


def test_an_edit_nothing_kept_showed_tells_the_cdn_nothing(
    site, stand_in, settings, django_capture_on_commit_callbacks
):
    cache = stand_in()
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env({"CDN_PURGE_URL": cache.url})
    _read("/search/?q=story")

    with django_capture_on_commit_callbacks(execute=True):
        site[1].title = "Story 2, corrected"
        post_publish(post=site[1])

    assert cache.requests == []


def test_cloudflare_is_asked_by_its_api_with_the_zone_and_token(
    site, stand_in, settings, django_capture_on_commit_callbacks
):
    api = stand_in(answer={"success": True, "errors": [], "messages": [], "result": {}})
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {
            "CLOUDFLARE_ZONE_ID": "zone-123",
            "CLOUDFLARE_API_TOKEN": "secret-token",
            "CLOUDFLARE_API_URL": api.url + "/client/v4",
        }
    )
    _read("/", "/blog/")

    with django_capture_on_commit_callbacks(execute=True):
        site[1].title = "Story 2, corrected"
        post_publish(post=site[1])

    [call] = api.requests
    assert call["method"] == "POST"
    assert call["path"] == "/client/v4/zones/zone-123/purge_cache"
    assert call["authorization"] == "Bearer secret-token"
    assert set(json.loads(call["body"])["files"]) == {
        "http://testserver/",
        "http://testserver/blog/",
    }


def test_a_cloudflare_refusal_is_logged_and_the_edit_stands(
    site, stand_in, settings, django_capture_on_commit_callbacks, caplog
):
    api = stand_in(answer={"success": False, "errors": [{"code": 10000, "message": "Bad token"}]})
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {
            "CLOUDFLARE_ZONE_ID": "zone-123",
            "CLOUDFLARE_API_TOKEN": "expired",
            "CLOUDFLARE_API_URL": api.url,
        }
    )
    _read("/blog/")

    with django_capture_on_commit_callbacks(execute=True):
        site[1].title = "Story 2, corrected"
        post_publish(post=site[1])

    assert "Bad token" in caplog.text
    assert "Story 2, corrected" in FrontClient().get("/blog/").text


def test_no_cdn_is_configured_unless_the_environment_names_one():
    assert frontend_cache_from_env({}) == {}
    assert set(frontend_cache_from_env({"CLOUDFRONT_DISTRIBUTION_ID": "E123"})) == {"cloudfront"}
