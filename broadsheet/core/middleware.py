from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from broadsheet.core import memo
from broadsheet.core.database import is_database_busy
from broadsheet.pagecache.dependencies import never_keep


class RememberedSiteMiddleware:
    """Finds the Wagtail site a request is for once per host, not once per request.

    Wagtail looks it up in the database the first time a request asks
    (``Site.find_for_request``) and keeps it on the request; this hands it the one
    remembered until every page is purged (as a Site's change does: broadsheet.blog.signals),
    and remembers the one Wagtail found. A request that never asks costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = f"site:{request._get_raw_host()}"
        found, site = memo.recall(name, site_wide=True)
        if found:
            request._wagtail_site = site
        response = self.get_response(request)
        if not found and hasattr(request, "_wagtail_site"):
            memo.keep(name, request._wagtail_site, site_wide=True)
        return response


class DatabaseBusyMiddleware:
    """A "try again in a moment" page (503, Retry-After) when the database stays locked.

    On SQLite one writer at a time holds the database; another waits the busy timeout
    (20 s) and then gives up. That is no bug of the request, so the reader gets a page
    saying to try again rather than the 500 page. The comment form handles it itself,
    to keep what the reader typed (comments.views).
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        never_keep()
        response = render(request, "503_busy.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
