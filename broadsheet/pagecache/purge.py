"""Throwing pages away when what they show changes, here and in a CDN in front.

``tags_purge_on_commit`` is what the apps call from their signal handlers: nothing is
thrown away until the change is committed (a rolled-back edit changes no page), and a
page rendered meanwhile from the old data is refused by the store (see ``stores``).
"""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction

from broadsheet.core import memo
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tasks import cdn_purge

logger = logging.getLogger(__name__)

# Inside ``purges_deferred()``: the signals' row-by-row purges are left to the bulk job,
# which throws every page away once at its end.
_deferred: ContextVar[bool] = ContextVar("pagecache_purges_deferred", default=False)


def _enabled() -> bool:
    return settings.PAGECACHE.get("ENABLED", True)


def tags_purge(tags: Iterable[str]) -> list[str]:
    """Throw away now every kept page carrying one of ``tags``; returns their addresses."""
    tags = set(tags)
    if not tags or not _enabled():
        return []
    urls = page_store().purge_tags(tags)
    cdn_purge_urls(urls)
    return urls


def all_purge() -> None:
    """Throw away every kept page: for changes every page shows (the site's name)."""
    if not _enabled():
        return
    store = page_store()
    # A CDN holds at most what was kept here: the same addresses, named one by one.
    urls = store.urls() if getattr(settings, "WAGTAILFRONTENDCACHE", None) else []
    store.purge_all()
    cdn_purge_urls(urls)


def tags_purge_on_commit(tags: Iterable[str]) -> None:
    tags = set(tags)
    if tags:
        purge_on_commit(lambda: tags_purge(tags))


def all_purge_on_commit() -> None:
    # What only such changes change (memo.remember_site_wide) is read again from now on.
    memo.forget(site_wide=True)
    purge_on_commit(all_purge)


def purge_on_commit(purge) -> None:
    """Run ``purge`` once the change commits; stop trusting remembered reads at once."""
    memo.forget()
    if not _deferred.get():
        transaction.on_commit(purge)


def purges_are_deferred() -> bool:
    """True inside ``purges_deferred()``: a bulk job will throw every page away at its end."""
    return _deferred.get()


@contextmanager
def purges_deferred() -> Iterator[None]:
    """For a bulk job (an import, a restore) that calls ``all_purge_on_commit()`` once at
    its end: the purges its saves would schedule one row at a time are skipped, since
    working out each row's pages costs more than the row and the end throws them all away.
    """
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def cdn_purge_urls(urls: list[str]) -> None:
    """Ask the CDN (WAGTAILFRONTENDCACHE) to forget these addresses, through the task queue."""
    # Fragments (fragment://…) are parts of pages kept here only: no CDN ever saw one.
    urls = [url for url in urls if url.startswith(("http://", "https://"))]
    if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        cdn_purge.enqueue(urls=urls)
