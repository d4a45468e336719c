"""Counting attempts in the cache: how often one reader may use the subscribe form.

With REDIS_URL every process counts together; with the per-process memory cache each
counts alone, which still stops a script hammering one server.
"""

import hashlib

from django.core.cache import cache


def allowed(scope: str, who: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt by ``who``; False once more than ``limit`` came in the window."""
    # Hashed: the cache never holds readers' addresses.
    key = "ratelimit:" + scope + ":" + hashlib.sha256(who.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # Expired between add and incr: a new window starts with this attempt.
        cache.set(key, 1, timeout=window_seconds)
        return True
