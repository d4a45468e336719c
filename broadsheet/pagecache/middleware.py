"""Keeps the responses that every reader may be handed, under the tags they depend on."""

import logging

from django.conf import settings
from django.utils.cache import get_max_age

from broadsheet.core import memo
from broadsheet.pagecache import dependencies
from broadsheet.pagecache.entries import entry_from_response
from broadsheet.pagecache.front import answer_from_entry_headers
from broadsheet.pagecache.keys import key_for_environ
from broadsheet.pagecache.stores import page_store

logger = logging.getLogger(__name__)


def is_shareable(response) -> bool:
    """True when this response is the same for every reader who asks.

    Whatever the view declared, a cookie, a Vary on anything but the encoding, a
    private Cache-Control or a CSP nonce (which belongs to one response) rule it out.
    """
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "public" not in cache_control or "private" in cache_control:
        return False
    if "no-store" in cache_control or get_max_age(response) is None:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"accept-encoding"}:
        return False
    return "nonce-" not in response.get("Content-Security-Policy", "")


class PageCacheMiddleware:
    """Outermost, so that what it keeps carries every header the other middleware add.

    It never answers from the cache itself: ``front.PageCacheApp`` does, before Django.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        config = settings.PAGECACHE
        if not config.get("ENABLED", True):
            return self.get_response(request)
        store = page_store()
        # Read before rendering: a purge from here on makes this render too old to keep,
        # and the reads remembered under an older generation too old to use (memo).
        generation, whole_generation = store.generations()
        token = memo.current_generation.set(generation)
        whole_token = memo.current_whole_generation.set(whole_generation)
        try:
            with dependencies.collecting() as tags:
                response = self.get_response(request)
        finally:
            memo.current_whole_generation.reset(whole_token)
            memo.current_generation.reset(token)
        key = key_for_environ(request.META)
        if key is None:
            return response
        if not tags or dependencies.NEVER in tags or not is_shareable(response):
            return response
        entry = entry_from_response(response, max_age=config.get("MAX_AGE", 86400))
        if entry is None:
            return response
        try:
            store.put(key, entry, tags, generation=generation)
        except Exception:
            # A cache that cannot write must not cost the reader their page.
            logger.exception("Could not keep %s in the page cache", key.url)
        return answer_from_entry_headers(request, response, entry)
