"""Cross-site request protection for readers' forms, without a per-reader token.

Django's CSRF protection puts a token belonging to one reader into the page, so a page
carrying a form could never be shared by a cache. Readers' forms (comment, like,
subscribe) are instead checked the way Go's standard library does it since 1.25
(``net/http.CrossOriginProtection``): every browser in use says where a request comes
from, in ``Sec-Fetch-Site`` (all current browsers) or at least in ``Origin`` (every
browser since 2020 sends it on a POST). A request a browser made from another site says
so, and is refused; a request with neither header did not come from a browser, and a
cross-site request forgery needs a browser. The admin keeps Django's tokens.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# "none": the reader typed the address or used a bookmark; no site started it.
SAME_SITE_FETCHES = {"same-origin", "none"}


def _trusted_origins() -> set[str]:
    """Origins allowed to post here though not this site (CSRF_TRUSTED_ORIGINS)."""
    return {origin.lower() for origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", ())}


def is_cross_origin(request: HttpRequest) -> bool:
    """True when a browser says that another site made this request."""
    if request.method in SAFE_METHODS:
        return False
    origin = request.headers.get("Origin", "").lower()
    if origin and origin in _trusted_origins():
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site.lower() not in SAME_SITE_FETCHES
    if not origin:
        return False
    # Browsers before Sec-Fetch-Site: the Origin's host must be the one asked for.
    # "null" (a sandboxed frame, a privacy-minded redirect) has no host, so it fails.
    return urlsplit(origin).netloc != request.get_host().lower()


def same_origin_required(view):
    """Refuse, with a 403 page, a state-changing request that another site made."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_cross_origin(request):
            return TemplateResponse(request, "403_cross_origin.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
