"""Production: every secret and address from the environment; `check --deploy` clean."""

import os

from broadsheet.settings.base import *  # noqa: F403
from broadsheet.settings.base import STORAGES

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# How many proxies (load balancer, CDN) stand in front of the app: readers' addresses
# are then read from X-Forwarded-For, so likes and views count readers, not the proxy.
ENGAGEMENT_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1"))
