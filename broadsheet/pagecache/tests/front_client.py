"""Requests through the whole WSGI application, page cache in front, as a server sends them."""

from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlsplit

from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from broadsheet.engagement.beacon import BeaconApp
from broadsheet.pagecache.front import PageCacheApp


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def hit(self) -> bool:
        return self.headers.get("x-cache") == "hit"

    @property
    def text(self) -> str:
        return self.body.decode()


class FrontClient:
    """Like Django's test client, but through the layers broadsheet/wsgi.py puts in front."""

    def __init__(self, host="testserver"):
        self.host = host
        self.app = BeaconApp(PageCacheApp(WSGIHandler()))

    def request(self, method, url, *, headers=None, body=b"") -> Answer:
        parts = urlsplit(url)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parts.path.encode().decode("latin-1"),
            "QUERY_STRING": parts.query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": self.host,
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(body),
            "wsgi.errors": BytesIO(),
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in (headers or {}).items():
            key = name.upper().replace("-", "_")
            if key not in {"CONTENT_TYPE", "CONTENT_LENGTH"}:
                key = f"HTTP_{key}"
            environ[key] = value
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = {name.lower(): value for name, value in response_headers}

        # As Django's test client does: the test's database connection outlives requests.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            chunks = self.app(environ, start_response)
            body = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return Answer(answer["status"], answer["headers"], body)

    def get(self, url, headers=None) -> Answer:
        return self.request("GET", url, headers=headers)

    def head(self, url, headers=None) -> Answer:
        return self.request("HEAD", url, headers=headers)
