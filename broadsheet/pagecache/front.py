"""Answers kept pages before Django runs: the WSGI application's outer layer.

A hit costs a dictionary lookup, a ``stat`` (files) or one Redis round trip, and the
answer: no request object, no middleware, no template, no database. Everything the
cache does not hold, and every method but GET and HEAD, goes to Django unchanged.
"""

import re
import threading

from broadsheet.pagecache.entries import Entry
from broadsheet.pagecache.keys import key_for_environ

_ENCODING = re.compile(r"\s*([a-z*]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?", re.IGNORECASE)


def choose_encoding(accept_encoding: str, entry: Entry) -> str | None:
    """ "br" or "gzip" where the reader takes it and the entry has it, brotli first."""
    if not accept_encoding:
        return None
    accepted = set()
    for part in accept_encoding.lower().split(","):
        matched = _ENCODING.match(part)
        if matched and (matched.group(2) is None or float(matched.group(2) or 0) > 0):
            accepted.add(matched.group(1))
    if entry.br is not None and "br" in accepted:
        return "br"
    if entry.gzip is not None and "gzip" in accepted:
        return "gzip"
    return None


def _body_for(entry: Entry, encoding: str | None) -> bytes:
    if encoding == "br" and entry.br is not None:
        return entry.br
    if encoding == "gzip" and entry.gzip is not None:
        return entry.gzip
    return entry.body


def _not_modified(if_none_match: str, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): a proxy may have marked our tag W/.
    offered = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in offered


def answer_from_entry_headers(request, response, entry: Entry):
    """The first answer, rendered by Django, as later hits will be: ETag, encoding, 304."""
    response["ETag"] = entry.etag
    for name, value in entry.headers:
        if name.lower() == "last-modified":
            response["Last-Modified"] = value
    response["Vary"] = "Accept-Encoding"
    if _not_modified(request.headers.get("If-None-Match", ""), entry.etag):
        response.status_code = 304
        response.content = b""
        return response
    encoding = choose_encoding(request.headers.get("Accept-Encoding", ""), entry)
    if encoding is not None:
        response.content = _body_for(entry, encoding)
        response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(response.content))
    return response


class PageCacheApp:
    """``PageCacheApp(django_wsgi_app)``: a WSGI application that answers hits itself.

    On a miss, one thread of the process renders the page while the others asking for it
    wait for that render (at most ``COALESCE_SECONDS``) and are then answered from the
    cache: a purged page read by hundreds a second is rendered once, not hundreds of times.
    """

    COALESCE_SECONDS = 10

    def __init__(self, application, *, store_factory=None):
        from broadsheet.pagecache.stores import page_store

        self.application = application
        self.store_factory = store_factory or page_store
        self._rendering: dict[str, threading.Event] = {}
        self._rendering_lock = threading.Lock()

    def __call__(self, environ, start_response):
        key = key_for_environ(environ)
        if key is None:
            return self.application(environ, start_response)
        entry = self._find(key)
        if entry is None:
            with self._rendering_lock:
                rendering = self._rendering.get(key.url)
                if rendering is None:
                    self._rendering[key.url] = threading.Event()
            if rendering is None:
                return self._render(key, environ, start_response)
            rendering.wait(self.COALESCE_SECONDS)
            entry = self._find(key)
            if entry is None:  # Not a page the cache keeps, or its render failed.
                return self.application(environ, start_response)
        return self._answer(environ, start_response, entry)

    def _find(self, key):
        try:
            return self.store_factory().get(key)
        except Exception:
            # A store that cannot be read is a miss, never an error page.
            return None

    def _render(self, key, environ, start_response):
        try:
            # Django's answer is complete when it returns: its response is rendered,
            # and PageCacheMiddleware has kept it or decided not to.
            return self.application(environ, start_response)
        finally:
            with self._rendering_lock:
                self._rendering.pop(key.url).set()

    @staticmethod
    def _answer(environ, start_response, entry: Entry):
        headers = [*entry.headers, ("Vary", "Accept-Encoding"), ("X-Cache", "hit")]
        if _not_modified(environ.get("HTTP_IF_NONE_MATCH", ""), entry.etag):
            start_response("304 Not Modified", headers)
            return []
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), entry)
        body = _body_for(entry, encoding)
        if encoding is not None:
            headers.append(("Content-Encoding", encoding))
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return []
        return [body]
