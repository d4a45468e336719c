"""Where mail goes: Django's ``MAILERS`` from the environment.

One variable, ``EMAIL_URL``, says it all::

    smtp://user:password@mail.example.org:587/?tls=1   STARTTLS on the submission port
    smtps://user:password@mail.example.org             TLS from the start (port 465)
    smtp://127.0.0.1:25                                a local mail server, no login
    console://                                         print each message, readably (development)
    file:///var/mail/broadsheet                        one file per message
    dummy://                                           send nothing

or, as in Django's own settings, ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``EMAIL_USE_SSL`` and ``EMAIL_TIMEOUT``.
``EMAIL_URL`` wins when both are set. ``NEWSLETTER_EMAIL_URL`` sends the newsletter
through another server (a bulk provider, say), leaving the site's own mail on the first.

Mailers: ``default`` (confirmations, notifications) and ``newsletter`` (issues).
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {
    # Django's, printing messages as people read them (no quoted-printable).
    "console": "broadsheet.core.mail.ConsoleBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
# A mail server that stops answering must not hold a worker for ever.
DEFAULT_TIMEOUT_SECONDS = 30
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _flag(value: str, *, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected 1 or 0 (true or false).")


def _number(value: str, *, name: str, kind=int):
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a number.") from None


def mailer_from_url(url: str, *, name: str = "EMAIL_URL") -> dict:
    """One ``MAILERS`` entry from an address such as ``smtp://user:pass@host:587/?tls=1``."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme in BACKENDS:
        mailer: dict[str, Any] = {"BACKEND": BACKENDS[scheme]}
        if scheme == "file":
            if not parts.path:
                raise ImproperlyConfigured(f"{name}: file:// needs a folder, e.g. file:///var/mail")
            mailer["OPTIONS"] = {"file_path": unquote(parts.path)}
        return mailer
    if scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"{name}={url!r}: unknown scheme {scheme!r}; use smtp://, smtps://, console://, "
            "file://, or dummy://"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name}={url!r}: no host, e.g. smtp://mail.example.org:587")
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - {"tls", "ssl", "timeout"})
    if unknown:
        raise ImproperlyConfigured(
            f"{name}: unknown option {', '.join(unknown)}; use tls=1, ssl=1 or timeout=<seconds>"
        )
    use_ssl = scheme == "smtps" or _flag(query.get("ssl", ""), name=f"{name} ssl")
    use_tls = _flag(query.get("tls", ""), name=f"{name} tls")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name}={url!r}: the port is not a number") from None
    return _smtp_mailer(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
        timeout=_number(query.get("timeout", str(DEFAULT_TIMEOUT_SECONDS)), name=name, kind=float),
        name=name,
    )


def _smtp_mailer(*, host, port, username, password, use_tls, use_ssl, timeout, name) -> dict:
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            f"{name}: TLS from the start (smtps://, ssl) and STARTTLS (tls) exclude each "
            "other: choose one."
        )
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": host,
            "port": port or (465 if use_ssl else 587 if use_tls else 25),
            "username": username,
            "password": password,
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": timeout,
        },
    }


def _mailer_from_variables(environ: Mapping[str, str]) -> dict:
    return _smtp_mailer(
        host=environ["EMAIL_HOST"],
        port=_number(environ.get("EMAIL_PORT", "0") or "0", name="EMAIL_PORT"),
        username=environ.get("EMAIL_HOST_USER", ""),
        password=environ.get("EMAIL_HOST_PASSWORD", ""),
        use_tls=_flag(environ.get("EMAIL_USE_TLS", ""), name="EMAIL_USE_TLS"),
        use_ssl=_flag(environ.get("EMAIL_USE_SSL", ""), name="EMAIL_USE_SSL"),
        timeout=_number(
            environ.get("EMAIL_TIMEOUT", "") or str(DEFAULT_TIMEOUT_SECONDS),
            name="EMAIL_TIMEOUT",
            kind=float,
        ),
        name="EMAIL_HOST",
    )


def mailers_from_environment(environ: Mapping[str, str], *, default_url: str) -> dict:
    """``MAILERS`` for the environment; ``default_url`` where it names no mail server."""
    if environ.get("EMAIL_URL"):
        default = mailer_from_url(environ["EMAIL_URL"])
    elif environ.get("EMAIL_HOST"):
        default = _mailer_from_variables(environ)
    else:
        default = mailer_from_url(default_url, name="the default mail server")
    newsletter = default
    if environ.get("NEWSLETTER_EMAIL_URL"):
        newsletter = mailer_from_url(environ["NEWSLETTER_EMAIL_URL"], name="NEWSLETTER_EMAIL_URL")
    return {"default": default, "newsletter": newsletter}
