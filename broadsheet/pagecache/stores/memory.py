"""A per-process copy of recently answered pages, bounded in bytes."""

import threading
from collections import OrderedDict
from contextlib import suppress

from broadsheet.pagecache.entries import Entry


class MemoryLayer:
    """Least recently used entries first out, once ``max_bytes`` is reached.

    Each value is kept with a *signature* its store uses to tell whether the copy is
    still the one stored (a file's inode and modification time, say).
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[Entry, object]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, url: str):
        item = self._items.get(url)
        if item is None:
            return None
        with suppress(KeyError):  # Dropped by another thread meanwhile.
            self._items.move_to_end(url)
        return item

    def put(self, url: str, entry: Entry, signature: object) -> None:
        if entry.size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(url, None)
            if old is not None:
                self._bytes -= old[0].size
            self._items[url] = (entry, signature)
            self._bytes += entry.size
            while self._bytes > self.max_bytes:
                _, (dropped, _) = self._items.popitem(last=False)
                self._bytes -= dropped.size

    def drop(self, url: str) -> None:
        with self._lock:
            old = self._items.pop(url, None)
            if old is not None:
                self._bytes -= old[0].size

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
