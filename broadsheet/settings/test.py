"""Fast, isolated settings for pytest."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from broadsheet.settings.base import *  # noqa: F403
from broadsheet.settings.database import database_from_url

SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": database_from_url("sqlite:///:memory:")}
# scripts/test.sh names one per run; a bare `pytest` gets its own, so that two runs at once
# (two checkouts on one machine) never read each other's uploads or kept pages.
MEDIA_ROOT = Path(
    os.environ.get("BROADSHEET_TEST_MEDIA") or tempfile.mkdtemp(prefix="broadsheet-test-")
)
if not os.environ.get("BROADSHEET_TEST_MEDIA"):
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
    atexit.register(shutil.rmtree, f"{MEDIA_ROOT}-pagecache", ignore_errors=True)
# Tests write counted views themselves (view_counter.flush()), inside their transaction.
ENGAGEMENT_FLUSH_SECONDS = 0
ENGAGEMENT_COUNTS_PURGE_SECONDS = 0
# Beside the uploads, so that the SQLite and PostgreSQL runs keep theirs apart.
# Off unless a test asks for it (the `page_cache` fixture): a test's transaction never
# commits, so the purges that follow commits never run, and a kept page or fragment would
# outlive the data it showed. The page cache's own tests run them (committed callbacks).
PAGECACHE = {
    **PAGECACHE,  # noqa: F405
    "ENABLED": False,
    "ROOT": f"{MEDIA_ROOT}-pagecache",
    "REDIS_URL": "",
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Static files straight from the apps, without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
