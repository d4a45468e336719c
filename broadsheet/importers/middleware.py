"""Redirects for old addresses that the home page would otherwise answer."""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect


class HomeQueryRedirectMiddleware:
    """Follows a redirect from the home page's address with a query string, like /?p=123.

    WordPress's plain addresses (/?p=123, /?page_id=7, /?cat=4) name a post by a query
    on the home page. The home page answers any query with itself, so Wagtail's
    RedirectMiddleware, which only looks at 404s, never sees them. Only "/" with a query
    is looked up, so no other page pays for the lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.META.get("QUERY_STRING"):
            path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
        return self.get_response(request)
