"""Settings shared by every environment; secrets and addresses come from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils.csp import CSP

from broadsheet.pagecache.cdn import frontend_cache_from_env
from broadsheet.settings.database import database_from_url
from broadsheet.settings.email import mailers_from_environment

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("BROADSHEET_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "broadsheet.core",
    # Before django_tasks_db: its `db_worker` command is replaced by one that survives a
    # locked database.
    "broadsheet.operations",
    # Before wagtail.admin: its templates replace five of the admin's.
    "broadsheet.admin_csp",
    # Before wagtail.admin too: its templates quieten autosave's warnings while typing.
    "broadsheet.editor",
    "broadsheet.blog",
    "broadsheet.comments",
    "broadsheet.engagement",
    "broadsheet.newsletter",
    "broadsheet.pages",
    "broadsheet.importers",
    "broadsheet.exporters",
    "broadsheet.redirects",
    "broadsheet.feeds",
    "broadsheet.seo",
    "broadsheet.search",
    "broadsheet.demo",
    "broadsheet.signin",
    "broadsheet.backup",
    "broadsheet.pagecache",
    "broadsheet.corrections",
    "broadsheet.masthead",
    "broadsheet.entities",
    "broadsheet.topics",
    "broadsheet.related",
    "broadsheet.stories",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django's own widget templates, for FORM_RENDERER below.
    "django.forms",
    # Wagtail on PostgreSQL needs it (check postgres.E005); harmless on SQLite.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # Outermost: it keeps responses as the other middleware leave them.
    "broadsheet.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "broadsheet.signin.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "broadsheet.admin_csp.middleware.AdminPolicyMiddleware",
    "broadsheet.core.middleware.RememberedSiteMiddleware",
    "broadsheet.core.middleware.DatabaseBusyMiddleware",
    # Rules for whole families of old addresses answer a 404 only after Wagtail's
    # redirects, one an address, have had theirs (responses pass up this list).
    "broadsheet.redirects.middleware.OldArchiveAddressMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "broadsheet.redirects.middleware.HomeQueryRedirectMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
# Widgets render through TEMPLATES, so broadsheet/templates/ can override widget
# templates too (the Wagtail admin's date pickers: see broadsheet/admin_csp/wagtail_hooks.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "broadsheet.blog.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'broadsheet.sqlite3'}")
    )
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole reader pages, kept until an edit changes them (broadsheet/pagecache): as files
# shared by this machine's processes, or in Redis, shared by every machine.
PAGECACHE: dict[str, Any] = {
    "ENABLED": os.environ.get("PAGECACHE", "1") == "1",
    "ROOT": Path(os.environ.get("PAGECACHE_ROOT", VAR_DIR / "pagecache")),
    "REDIS_URL": os.environ.get("REDIS_URL", ""),
    # A safety net only: every edit throws away the pages it changes at once.
    "MAX_AGE": int(os.environ.get("PAGECACHE_MAX_AGE", 24 * 3600)),
    # Each process keeps the pages it answers most in memory, up to this size.
    "MEMORY_BYTES": int(os.environ.get("PAGECACHE_MEMORY_MB", 64)) * 1024 * 1024,
}

# A CDN in front is told which addresses changed (broadsheet/pagecache/cdn.py).
WAGTAILFRONTENDCACHE = frontend_cache_from_env(os.environ)

# How often each process writes the views it counted in memory (broadsheet.engagement).
ENGAGEMENT_FLUSH_SECONDS = float(os.environ.get("ENGAGEMENT_FLUSH_SECONDS", 5))
# How often pages showing changed like and view counts are rendered again, at most.
ENGAGEMENT_COUNTS_PURGE_SECONDS = float(os.environ.get("ENGAGEMENT_COUNTS_PURGE_SECONDS", 60))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail: EMAIL_URL (or EMAIL_HOST and friends) names the SMTP server; see
# broadsheet/settings/email.py. Without one, a mail server on this machine.
MAILERS = mailers_from_environment(os.environ, default_url="smtp://localhost:25")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Sign-in throttling (broadsheet/signin/throttling.py): five failures for one account, or
# from one address, pause sign-in for it for 15 minutes. `manage.py axes_reset_username
# NAME` or `axes_reset_ip ADDRESS` lifts a pause at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "broadsheet.signin.throttling.client_ip_for_axes"
AXES_LOCKOUT_CALLABLE = "broadsheet.signin.throttling.locked_out"
# Successful sign-ins are not logged with their address: failures are all it needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Two-factor sign-in for the admin: off, optional or required (broadsheet/signin/two_factor.py).
BROADSHEET_TWO_FACTOR = os.environ.get("TWO_FACTOR", "off")
OTP_TOTP_ISSUER = os.environ.get("BROADSHEET_SITE_NAME", "Broadsheet")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Security headers on every response. The Wagtail admin lives under the same
# policy: see broadsheet/admin_csp/static/admin_csp/admin-csp.js for how its inline
# widget scripts are replaced.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Wagtail's admin sets style attributes from its JavaScript.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True

WAGTAIL_SITE_NAME = os.environ.get("BROADSHEET_SITE_NAME", "Broadsheet")
WAGTAILADMIN_BASE_URL = os.environ.get("BROADSHEET_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILADMIN_COMMENTS_ENABLED = False
# The admin stays within its own origin, as the CSP above demands: no Gravatar images
# (which would also tell Gravatar who edits here) and no check for new Wagtail
# releases (versions are pinned in pyproject.toml and upgraded there).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own "django" logger passes INFO on to the console: a line for every
    # search-index task is noise unless LOG_LEVEL asks for it.
    "loggers": {"django.tasks": {"level": os.environ.get("LOG_LEVEL", "WARNING")}},
}
