import pytest
from django.core.cache import caches
from hypothesis import settings as hypothesis_settings

from broadsheet.blog.tests import factories

# Hypothesis's per-example deadline is a timing assertion, and these machines are shared
# and noisy: examples are judged on what they return, never on how long they took.
hypothesis_settings.register_profile("broadsheet", deadline=None)
hypothesis_settings.load_profile("broadsheet")

# Browser fixtures (`browser`, `page`, `csp_violations`), a Redis server (`redis_url`)
# and a loopback SMTP server (`smtp_server`, `smtp_mailers`).
pytest_plugins = [
    "broadsheet.core.tests.browser",
    "broadsheet.core.tests.redis_server",
    "broadsheet.core.tests.smtp",
]

DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only tests that use the test database (scripts/test.sh's PostgreSQL run).",
    )


def pytest_collection_modifyitems(config, items):
    """With --database-tests-only, deselect the tests that never touch the database.

    pytest-django refuses them any query, so they pass or fail alike on every backend.
    """
    if not config.getoption("--database-tests-only"):
        return
    from django.test import TransactionTestCase

    selected, deselected = [], []
    for item in items:
        test_class = getattr(item, "cls", None)
        uses_database = (
            item.get_closest_marker("django_db")
            or DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or (test_class and issubclass(test_class, TransactionTestCase))
        )
        (selected if uses_database else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def django_db_setup(_playwright_browser, django_db_setup):
    """pytest-django's test database, created after Chromium has started.

    XXX: when Playwright starts after the test database is created, serialized_rollback
    restores nothing from the second browser test on, and Wagtail's root page and default
    Site are gone (DESIGN.md; checked again here). Requesting Playwright first orders the
    two. Without browser tests in the run, it starts nothing.
    """
    return django_db_setup


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Every test starts with no kept page: another test's database is gone, its pages too."""
    from broadsheet.engagement.view_counter import view_counter
    from broadsheet.pagecache.stores import page_store

    page_store().purge_all()
    view_counter.discard()


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once:
    ``broadsheet.core.tests.queue.run_queued_tasks()`` runs them."""
    from broadsheet.core.tests.queue import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def page_cache(settings):
    """The page cache on, as on a running site (the test settings keep it off)."""
    settings.PAGECACHE = {**settings.PAGECACHE, "ENABLED": True}


@pytest.fixture
def blog_index(db):
    return factories.blog_index()


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches.

    Rate-limit counters live in the cache, and every test client posts from the same
    address. XXX: every test rolls its database back, so the next test's first image gets
    the same primary key, and Wagtail's rendition cache (keyed by it) would hand over the
    last test's renditions of another picture.
    """
    for cache in caches.all():
        cache.clear()
