import pytest
from django.core.cache import caches

from broadsheet.newsletter.tests.queue import DATABASE_QUEUE


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


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once:
    ``queue.run_queued_tasks()`` runs them."""
    settings.TASKS = DATABASE_QUEUE
