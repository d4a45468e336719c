"""Reads that many pages share, remembered by each process until the next purge.

The site for a host, the comment settings, where the blog index lives, which posts are
the newest: every page asks, few edits change them, and every edit that does also
throws pages away. So a value remembered here stays valid while the page store's
generation (raised by every purge, in every process) is the one it was read under, and
until this process schedules a purge itself (``forget``), which also covers a test's
transaction that never commits.

A few reads change only with edits that throw every page away (the site, where the
blog index lives, privacy restrictions: ``blog.signals``). ``remember_site_wide`` keeps
those across the purges of single posts, under the store's *whole* generation, raised
only when every page is thrown away. A post's publication then costs the pages it
purges their own reads only.
"""

import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import cast

# Set by the page cache (broadsheet.pagecache.middleware) to the generations it read when
# this request began; None outside a request, and where the page cache is off.
current_generation: ContextVar[int | None] = ContextVar("pagecache_generation", default=None)
current_whole_generation: ContextVar[int | None] = ContextVar(
    "pagecache_whole_generation", default=None
)

_MISSING = object()


class _Shelf:
    """Values read under one generation of one counter, dropped when it moves on."""

    def __init__(self, generation: ContextVar[int | None]):
        self.generation = generation
        self.values: dict[str, object] = {}
        self.read_under: int | None = None
        self.lock = threading.Lock()

    def remember[T](self, name: str, compute: Callable[[], T]) -> T:
        found, value = self.recall(name)
        if found:
            # What compute() gave under this name: each name is one function's value.
            return cast(T, value)
        # Read before computing: a purge meanwhile makes the value too old to keep.
        generation = self.generation.get()
        value = compute()
        self._store(name, value, generation)
        return value

    def recall(self, name: str):
        generation = self.generation.get()
        if generation is None:
            return False, None
        with self.lock:
            if self.read_under != generation:
                self.values.clear()
                self.read_under = generation
            value = self.values.get(name, _MISSING)
        return (False, None) if value is _MISSING else (True, value)

    def keep(self, name: str, value) -> None:
        self._store(name, value, self.generation.get())

    def _store(self, name: str, value, generation: int | None) -> None:
        with self.lock:
            if generation is not None and self.read_under == generation:
                self.values[name] = value

    def forget(self) -> None:
        with self.lock:
            self.values.clear()
            self.read_under = None


_until_any_purge = _Shelf(current_generation)
_until_every_page_purged = _Shelf(current_whole_generation)


def remember[T](name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, from memory while nothing was purged since it was computed."""
    return _until_any_purge.remember(name, compute)


def remember_site_wide[T](name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, from memory until every page is thrown away: only for reads
    that nothing changes without purging every page (``pagecache.purge.all_purge``)."""
    return _until_every_page_purged.remember(name, compute)


def _shelf(site_wide: bool) -> _Shelf:
    return _until_every_page_purged if site_wide else _until_any_purge


def recall(name: str, *, site_wide: bool = False):
    """``(True, value)`` if ``name`` is remembered and still valid, else ``(False, None)``."""
    return _shelf(site_wide).recall(name)


def keep(name: str, value, *, site_wide: bool = False) -> None:
    """Remember ``value`` for ``name`` under the current request's generation."""
    _shelf(site_wide).keep(name, value)


def forget(*, site_wide: bool = False) -> None:
    """Forget what this process is about to change: every value remembered until the
    next purge, and with ``site_wide`` the site-wide ones too."""
    _until_any_purge.forget()
    if site_wide:
        _until_every_page_purged.forget()
