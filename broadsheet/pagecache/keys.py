"""The address a cached page is kept under, read from the WSGI environ.

The front app and the middleware both call ``key_for_environ`` on the same environ, so
a page is found under exactly the key it was stored with. Only plain addresses are kept:
no query string but ``?page=N``, and nothing a file name could not safely hold.
"""

import re
from dataclasses import dataclass

from django.conf import settings

CACHEABLE_METHODS = {"GET", "HEAD"}
_PAGE_QUERY = re.compile(r"page=([1-9][0-9]{0,5})")
_HOST = re.compile(r"[a-z0-9.\-]+(:[0-9]{1,5})?")
# Long enough for any slug Wagtail allows (255 bytes is the file system's limit).
MAX_SEGMENT_BYTES = 200
MAX_PATH_BYTES = 1000
PRIVATE_PREFIXES = ("/admin/",)


@dataclass(frozen=True, slots=True)
class PageKey:
    scheme: str
    host: str
    path: str  # Decoded, starting with "/".
    page: int | None  # ?page=N; None for the plain address.

    @property
    def url(self) -> str:
        query = f"?page={self.page}" if self.page is not None else ""
        return f"{self.scheme}://{self.host}{self.path}{query}"


def _scheme(environ) -> str:
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        header, value = proxy_header
        if environ.get(header, "").split(",")[0].strip() == value:
            return "https"
        return "http"
    return environ.get("wsgi.url_scheme", "http")


def _host(environ) -> str | None:
    host = environ.get("HTTP_HOST")
    if not host:
        # As Django's request.get_host() does without a Host header (HTTP/1.0).
        host = environ.get("SERVER_NAME", "")
        port = environ.get("SERVER_PORT", "")
        if port and port != ("443" if environ.get("wsgi.url_scheme") == "https" else "80"):
            host = f"{host}:{port}"
    host = host.lower()
    return host if _HOST.fullmatch(host) else None


def _path(environ) -> str | None:
    try:
        # PEP 3333: the path arrives as bytes decoded as latin-1.
        raw = environ.get("PATH_INFO", "/").encode("latin-1")
        path = raw.decode("utf-8")
    except UnicodeError:
        return None
    if not path.startswith("/") or len(raw) > MAX_PATH_BYTES:
        return None
    if "\\" in path or "\x00" in path or "//" in path:
        return None
    segments = path.strip("/").split("/")
    if any(s in {".", ".."} or len(s.encode()) > MAX_SEGMENT_BYTES for s in segments):
        return None
    # Dot-files are the store's own bookkeeping; the admin is never anyone else's.
    if any(s.startswith(".") for s in segments) or path.startswith(PRIVATE_PREFIXES):
        return None
    return path


def key_for_environ(environ) -> PageKey | None:
    """The key of a request the cache may answer, or None."""
    if environ.get("REQUEST_METHOD") not in CACHEABLE_METHODS:
        return None
    query = environ.get("QUERY_STRING", "")
    page = None
    if query:
        matched = _PAGE_QUERY.fullmatch(query)
        if matched is None:
            return None
        page = int(matched.group(1))
    host = _host(environ)
    path = _path(environ)
    if host is None or path is None:
        return None
    return PageKey(scheme=_scheme(environ), host=host, path=path, page=page)


def key_from_url(url: str) -> PageKey | None:
    """Back from ``PageKey.url``: how stores list what they purged."""
    matched = re.fullmatch(r"(https?)://([^/]+)(/[^?]*)(?:\?page=([0-9]+))?", url)
    if matched is None:
        return None
    scheme, host, path, page = matched.groups()
    return PageKey(scheme=scheme, host=host, path=path, page=int(page) if page else None)
