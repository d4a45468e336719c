"""Local development: `make run`."""

import os

from broadsheet.settings.base import *  # noqa: F403
from broadsheet.settings.base import VAR_DIR
from broadsheet.settings.email import mailers_from_environment

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
# A development secret kept on disk, so sessions survive restarts; never used in production.
_secret_file = VAR_DIR / "dev-secret-key"
if not os.environ.get("DJANGO_SECRET_KEY"):
    import secrets

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _secret_file.exists():
        _secret_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _secret_file.read_text().strip()
ALLOWED_HOSTS = ["*"]

# Static files straight from the apps, without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Mail is printed by the web server and the task worker unless EMAIL_URL names a server:
# `make run` needs none.
MAILERS = mailers_from_environment(os.environ, default_url="console://")
