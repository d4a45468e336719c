"""Local development: `make run`."""

import os

from broadsheet.settings.base import *  # noqa: F403
from broadsheet.settings.base import VAR_DIR
from broadsheet.settings.email import mailers_from_environment

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
# A development secret kept on disk, so sessions survive restarts; never used in production.
_secret_file = VAR_DIR / "dev-secret-key"
if not os.environ.get("DJANGO_SECRET_KEY"):
    import contextlib
    import secrets
    import tempfile

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not _secret_file.exists():
        # Two servers started at once must not read a half-written key: the key is written
        # whole beside the file, then linked in place; link() fails for the second writer,
        # and both read the first one's key.
        with tempfile.NamedTemporaryFile("w", dir=VAR_DIR, delete=True) as draft:
            draft.write(secrets.token_urlsafe(50))
            draft.flush()
            with contextlib.suppress(FileExistsError):
                os.link(draft.name, _secret_file)
    SECRET_KEY = _secret_file.read_text().strip()
ALLOWED_HOSTS = ["*"]

# Static files straight from the apps, without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Mail is printed by the web server and the task worker unless EMAIL_URL names a server:
# `make run` needs none.
MAILERS = mailers_from_environment(os.environ, default_url="console://")
