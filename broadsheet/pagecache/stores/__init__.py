"""Where kept pages live: ``files`` on one machine, ``redis`` across several.

Both keep, for each page, the bytes and headers (``entries.Entry``) and the tags it
depends on, and a *generation* that every purge raises. A page rendered while a purge
ran may hold what the purge was for; ``put`` refuses it when the generation it read
before rendering is no longer current, so a purge is never undone by a slow render.
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed


@cache
def page_store():
    """The store the settings name (``PAGECACHE``), made once per process."""
    config = settings.PAGECACHE
    if config.get("REDIS_URL"):
        from broadsheet.pagecache.stores.redis import RedisStore

        return RedisStore(config["REDIS_URL"], memory_bytes=config.get("MEMORY_BYTES", 0))
    from broadsheet.pagecache.stores.files import FileStore

    return FileStore(config["ROOT"], memory_bytes=config.get("MEMORY_BYTES", 0))


def _forget_store(*, setting, **kwargs):
    if setting == "PAGECACHE":
        page_store.cache_clear()


setting_changed.connect(_forget_store)
