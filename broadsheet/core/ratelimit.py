"""Counting attempts in a sliding window, in Django's cache.

The counters live in the default cache: Redis when ``REDIS_URL`` is set, so every
process and every machine counts together; a per-process memory cache otherwise, which
is exact for `make run`'s single process.

The window slides: the count is this window's hits plus the previous window's, weighted
by how much of it still falls within the last ``window`` seconds (as Cloudflare counts).
Two cache keys per limit, no list of timestamps, and no doubling at a window's edge.
"""

import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``window`` seconds for each key; 0 means no limit."""

    scope: str
    count: int
    window: int = 3600


def hit(limit: Limit, key: str, *, now: float | None = None) -> int | None:
    """Count one attempt for ``key``. None if it is within the limit, else the seconds to
    wait before one would be (for Retry-After). Refused attempts count too: a client that
    keeps trying keeps itself out."""
    if limit.count <= 0:
        return None
    now = time.time() if now is None else now
    window_number, into_window = divmod(now, limit.window)
    current_key = f"ratelimit:{limit.scope}:{key}:{int(window_number)}"
    previous_key = f"ratelimit:{limit.scope}:{key}:{int(window_number) - 1}"
    current = _increment(current_key, timeout=2 * limit.window)
    previous = cache.get(previous_key, 0)
    weight = 1 - into_window / limit.window
    if previous * weight + current <= limit.count:
        return None
    # The previous window's share fades as time goes on; when this window's own hits
    # are over the limit, only the next window brings relief.
    if current > limit.count or previous == 0:
        return math.ceil(limit.window - into_window)
    fade = (previous * weight + current - limit.count) / previous * limit.window
    return max(1, math.ceil(fade))


def _increment(key: str, *, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr.
        cache.add(key, 1, timeout=timeout)
        return 1
