import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _empty_caches():
    """The subscribe form's rate limits count in the cache: each test starts afresh."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _newsletter_site(db, settings):
    """The site that emails link to, and a blog to publish in."""
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    settings.DEFAULT_FROM_EMAIL = "newsletter@news.example.org"
    from broadsheet.blog.tests import factories

    factories.blog_index()
