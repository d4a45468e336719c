import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches.

    XXX: every test rolls its database back, so the next test's first image gets the same
    primary key, and Wagtail's rendition cache (keyed by it) would hand over the last
    test's renditions of another picture.
    """
    for cache in caches.all():
        cache.clear()
