import ipaddress
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from broadsheet.importers.fetch import FetchError, ImageFetcher, address_is_public
from broadsheet.importers.tests.factories import png_bytes

LOOPBACK = ipaddress.ip_address("127.0.0.1")
PNG = png_bytes()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),  # loopback
        ("127.255.255.254", False),
        ("::1", False),
        ("10.1.2.3", False),  # private
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("fc00::1", False),  # unique local
        ("fd12:3456::1", False),
        ("169.254.169.254", False),  # link-local: cloud metadata
        ("fe80::1", False),
        ("224.0.0.1", False),  # multicast
        ("ff02::1", False),
        ("240.0.0.1", False),  # reserved
        ("255.255.255.255", False),
        ("0.0.0.0", False),  # noqa: S104 - unspecified: the address tested, not bound
        ("::", False),
        ("100.64.0.1", False),  # carrier-grade NAT: shared, not public
        ("192.0.2.10", False),  # documentation
        ("198.18.0.1", False),  # benchmarking
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
    ],
)
def test_address_is_public_refuses_every_address_inside_a_network(address, public):
    assert address_is_public(ipaddress.ip_address(address)) is public


class _Site(BaseHTTPRequestHandler):
    """Answers each path as the test's ``routes`` say: (status, headers, body)."""

    routes: dict = {}
    seen: list = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("Host")))
        status, headers, body = self.routes.get(self.path, (404, {}, b"missing"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and status != 204:
            # No length: the body runs until the connection closes.
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    """A web server on 127.0.0.1, in a thread; its routes and the requests it saw."""
    handler = type("Handler", (_Site,), {"routes": {}, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield handler
    server.shutdown()
    server.server_close()
    thread.join()


def reaching_the_test_site(address):
    # The real check refuses 127.0.0.1, rightly; these tests need their own server.
    return address == LOOPBACK or address_is_public(address)


def image(body=PNG, content_type="image/png", **headers):
    return (200, {"Content-Type": content_type, **headers}, body)


def test_fetch_refuses_a_server_on_the_loopback_address_without_connecting(site):
    site.routes["/a.png"] = image()

    with pytest.raises(FetchError, match=re.escape("127.0.0.1, which is not a public address")):
        ImageFetcher().fetch(f"{site.base}/a.png")

    localhost = site.base.replace("127.0.0.1", "localhost")
    with pytest.raises(FetchError, match="not a public address"):
        ImageFetcher().fetch(f"{localhost}/a.png")
    assert site.seen == []


def test_fetch_takes_a_picture_from_a_server_it_may_reach(site):
    site.routes["/a.png"] = image(**{"Content-Length": str(len(PNG))})

    fetched = ImageFetcher(address_allowed=reaching_the_test_site).fetch(f"{site.base}/a.png")

    assert fetched.content == PNG
    assert fetched.content_type == "image/png"


def test_fetch_refuses_a_redirect_to_a_private_address(site):
    site.routes["/a.png"] = (302, {"Location": "http://10.0.0.7/a.png", "Content-Length": "0"}, b"")
    fetcher = ImageFetcher(address_allowed=reaching_the_test_site)

    with pytest.raises(FetchError, match=re.escape("10.0.0.7, which is not a public address")):
        fetcher.fetch(f"{site.base}/a.png")


def test_fetch_follows_a_few_redirects_then_refuses_more(site):
    for number in range(8):
        location = f"/hop{number + 1}" if number < 7 else "/a.png"
        site.routes[f"/hop{number}"] = (301, {"Location": location, "Content-Length": "0"}, b"")
    site.routes["/a.png"] = image(**{"Content-Length": str(len(PNG))})
    fetcher = ImageFetcher(address_allowed=reaching_the_test_site)

    assert fetcher.fetch(f"{site.base}/hop3").content == PNG
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.fetch(f"{site.base}/hop0")


def test_fetch_connects_to_the_address_it_checked_not_to_a_second_lookup(site):
    # A name whose second lookup could point inside the network (DNS rebinding): the
    # request goes to the checked address, naming the host only in its Host header.
    port = site.base.rsplit(":", 1)[1]
    site.routes["/a.png"] = image(**{"Content-Length": str(len(PNG))})
    fetcher = ImageFetcher(
        address_allowed=reaching_the_test_site, resolve=lambda host, port: [LOOPBACK]
    )

    fetcher.fetch(f"http://pictures.invalid:{port}/a.png")

    assert site.seen == [("/a.png", f"pictures.invalid:{port}")]


def test_fetch_refuses_a_name_with_any_private_address():
    fetcher = ImageFetcher(
        resolve=lambda host, port: [
            ipaddress.ip_address("93.184.215.14"),
            ipaddress.ip_address("10.0.0.1"),
        ]
    )

    with pytest.raises(FetchError, match=re.escape("10.0.0.1")):
        fetcher.fetch("http://pictures.invalid/a.png")


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/a.png", "gopher://x/", "/relative.png", "http:///"],
)
def test_fetch_refuses_anything_but_an_http_or_https_address(url):
    with pytest.raises(FetchError, match="is not an http or https address"):
        ImageFetcher().fetch(url)


def test_fetch_refuses_an_answer_that_is_not_a_picture(site):
    site.routes["/page"] = image(b"<html></html>", content_type="text/html; charset=utf-8")
    site.routes["/missing.png"] = (404, {"Content-Length": "0"}, b"")
    fetcher = ImageFetcher(address_allowed=reaching_the_test_site)

    with pytest.raises(FetchError, match="is not a picture \\(it is text/html\\)"):
        fetcher.fetch(f"{site.base}/page")
    with pytest.raises(FetchError, match="answered 404"):
        fetcher.fetch(f"{site.base}/missing.png")


def test_fetch_refuses_a_picture_larger_than_the_cap_whether_or_not_it_says_so(site):
    big = b"\x89PNG" + b"0" * 5000
    site.routes["/declared.png"] = image(big, **{"Content-Length": str(len(big))})
    site.routes["/undeclared.png"] = image(big)
    fetcher = ImageFetcher(address_allowed=reaching_the_test_site, max_bytes=4096)

    with pytest.raises(FetchError, match="larger than 4096 bytes"):
        fetcher.fetch(f"{site.base}/declared.png")
    with pytest.raises(FetchError, match="larger than 4096 bytes"):
        fetcher.fetch(f"{site.base}/undeclared.png")
    assert (
        ImageFetcher(address_allowed=reaching_the_test_site)
        .fetch(f"{site.base}/undeclared.png")
        .content
        == big
    )
