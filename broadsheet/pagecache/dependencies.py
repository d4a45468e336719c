"""What the page being rendered depends on, declared by whatever shows the data.

A view, a template (``{% depends_on %}``) or a helper calls ``depends_on("post:12")``
while the page renders; ``PageCacheMiddleware`` keeps the page only if something did,
under those tags. Outside a request that may be kept, the calls cost a lookup and do
nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_collected: ContextVar[set[str] | None] = ContextVar("pagecache_dependencies", default=None)


def depends_on(*tags: str) -> None:
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def never_keep() -> None:
    """This answer must not be kept (it shows something meant for one reader)."""
    collected = _collected.get()
    if collected is not None:
        collected.add(NEVER)


NEVER = "!never"
# For answers that change only with the whole site (robots.txt): purged by all_purge alone.
STATIC = "static"


@contextmanager
def collecting() -> Iterator[set[str]]:
    tags: set[str] = set()
    token = _collected.set(tags)
    try:
        yield tags
    finally:
        _collected.reset(token)
