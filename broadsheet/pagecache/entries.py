"""A kept page: its bytes, each compressed version, and the headers to answer with."""

import gzip
import hashlib
import time
from dataclasses import dataclass, field

import brotli
from django.utils.http import http_date

# File name endings by content type: nginx, serving the same files, picks the type by them.
EXTENSIONS = {
    "text/html": "html",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "txt",
    "application/json": "json",
}
# Headers a kept response does not keep: each answer sets its own.
PER_ANSWER_HEADERS = {"content-length", "content-encoding", "vary", "date", "set-cookie"}
# Smaller pages gain nothing worth a Content-Encoding header from compression.
MIN_COMPRESS_BYTES = 256
# Measured on a post page (bench notes in broadsheet/pagecache): quality 5 is within 1% of
# quality 9's size at a twentieth of its time (0.3 ms against 6 ms for 11 KB).
BROTLI_QUALITY = 5


def extension_for(content_type: str) -> str | None:
    return EXTENSIONS.get(content_type.split(";")[0].strip().lower())


@dataclass(slots=True)
class Entry:
    headers: list[tuple[str, str]]  # Everything but PER_ANSWER_HEADERS; ETag included.
    body: bytes
    extension: str
    expires: float  # Seconds since the epoch; past it, the entry counts as absent.
    gzip: bytes | None = None
    br: bytes | None = None
    size: int = field(init=False)

    def __post_init__(self):
        self.size = len(self.body) + len(self.gzip or b"") + len(self.br or b"")

    @property
    def etag(self) -> str:
        return next(value for name, value in self.headers if name.lower() == "etag")

    def is_fresh(self, now: float | None = None) -> bool:
        return (now or time.time()) < self.expires


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def entry_from_response(response, *, max_age: int) -> Entry | None:
    """What to keep of a Django response, or None when it has no type the store knows."""
    extension = extension_for(response.get("Content-Type", ""))
    if extension is None:
        return None
    body = response.content
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_ANSWER_HEADERS and name.lower() not in {"etag"}
    ]
    headers.append(("ETag", etag_for(body)))
    if not response.has_header("Last-Modified"):
        headers.append(("Last-Modified", http_date()))
    compressed = len(body) >= MIN_COMPRESS_BYTES
    return Entry(
        headers=headers,
        body=body,
        extension=extension,
        expires=time.time() + max_age,
        gzip=gzip.compress(body, compresslevel=6, mtime=0) if compressed else None,
        br=brotli.compress(body, quality=BROTLI_QUALITY) if compressed else None,
    )
