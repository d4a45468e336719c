"""The page cache: whole reader pages kept as bytes and answered before Django runs.

How it fits together:

- ``front.PageCacheApp`` wraps the WSGI application. A GET or HEAD for an address it
  holds is answered from memory or disk (with gzip or brotli, ETag and 304s) without
  building a Django request or running a single middleware; everything else goes on to
  Django.
- ``middleware.PageCacheMiddleware`` (outermost) keeps a response when the view said
  what it depends on (``dependencies.depends_on``, also ``{% depends_on %}`` in
  templates) and the response is the same for everyone: 200, public, no cookie, no
  per-response CSP nonce.
- Dependencies are tags such as ``post:12`` or ``list:all:p3``. ``purge.tags_purge``
  throws away exactly the pages that carry a tag, after the transaction that changed the
  data commits, and asks a CDN in front to do the same (``cdn``). The apps decide which
  tags an edit touches (``broadsheet/blog/invalidation.py`` and friends).
- Where pages are kept (``stores``): files under ``var/pagecache`` by default, shared
  by every process on the machine and readable by nginx as static files; Redis when
  ``REDIS_URL`` is set, shared by every machine.
"""
