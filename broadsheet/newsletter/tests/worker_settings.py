"""Settings for a real task worker (`manage.py db_worker`) started by a test.

The test settings, with the database queue instead of running tasks at once, and the
mail server, database and timings the test gives in the environment.
"""

import os

from broadsheet.settings.email import mailers_from_environment
from broadsheet.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILERS = mailers_from_environment(os.environ, default_url="dummy://")
WAGTAILADMIN_BASE_URL = os.environ.get("BROADSHEET_BASE_URL", "https://news.example.org")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsletter@news.example.org")
NEWSLETTER_LEASE_SECONDS = float(os.environ.get("NEWSLETTER_LEASE_SECONDS", "120"))
NEWSLETTER_RETRY_SECONDS = float(os.environ.get("NEWSLETTER_RETRY_SECONDS", "120"))
