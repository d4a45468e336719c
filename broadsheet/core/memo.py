"""Reads that many pages share, remembered by each process until the next purge.

The site for a host, the comment settings, where the blog index lives, which posts are
the newest: every page asks, few edits change them, and every edit that does also
throws pages away. So a value remembered here stays valid while the page store's
generation (raised by every purge, in every process) is the one it was read under, and
until this process schedules a purge itself (``forget``), which also covers a test's
transaction that never commits.
"""

import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import cast

# Set by the page cache (broadsheet.pagecache.middleware) to the generation it read when
# this request began; None outside a request, and where the page cache is off.
current_generation: ContextVar[int | None] = ContextVar("pagecache_generation", default=None)

_values: dict[str, object] = {}
_read_under: int | None = None
_lock = threading.Lock()


def remember[T](name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, from memory while nothing was purged since it was computed."""
    global _read_under
    generation = current_generation.get()
    if generation is None:
        return compute()
    with _lock:
        if _read_under != generation:
            _values.clear()
            _read_under = generation
        if name in _values:
            # What compute() gave under this name: each name is one function's value.
            return cast(T, _values[name])
    value = compute()
    with _lock:
        if _read_under == generation:
            _values[name] = value
    return value


_MISSING = object()


def recall(name: str):
    """``(True, value)`` if ``name`` is remembered and still valid, else ``(False, None)``."""
    global _read_under
    generation = current_generation.get()
    if generation is None:
        return False, None
    with _lock:
        if _read_under != generation:
            _values.clear()
            _read_under = generation
        value = _values.get(name, _MISSING)
    return (False, None) if value is _MISSING else (True, value)


def keep(name: str, value) -> None:
    """Remember ``value`` for ``name`` under the current request's generation."""
    generation = current_generation.get()
    with _lock:
        if generation is not None and _read_under == generation:
            _values[name] = value


def forget() -> None:
    """Forget every remembered value: this process is about to change what they hold."""
    global _read_under
    with _lock:
        _values.clear()
        _read_under = None
