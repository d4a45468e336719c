"""Old addresses that would otherwise answer 404, sent where their content lives now.

Imports redirect each post's and listing's old address one by one (Wagtail's Redirect
rows). What no list of rows could cover is answered here by rule: the date archives,
feeds and paginated listings every WordPress (and Ghost) site had, and the feeds of
listings that were redirected.
"""

import re

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from broadsheet.blog.models import BlogIndexPage

# /2021/, /2021/02/, /2021/02/09/, each perhaps with /page/2/ after it.
_DATE_ARCHIVE = re.compile(
    r"^/(?P<year>(?:19|20)\d\d)/(?:(?P<month>0[1-9]|1[0-2])/(?:(?:0[1-9]|[12]\d|3[01])/)?)?"
    r"(?:page/\d+/)?$"
)
# WordPress's feeds of the whole site, and Ghost's.
_SITE_FEEDS = {
    "/feed/rss/": "/feed/",
    "/feed/rss2/": "/feed/",
    "/feed/rdf/": "/feed/",
    "/comments/feed/": "/feed/",
    "/rss/": "/feed/",
    "/rss.xml": "/feed/",
    "/atom.xml": "/feed/atom/",
    "/index.xml": "/feed/",
}
# A listing's feed (/category/news/feed/) or one of its later pages (/category/news/page/2/).
_LISTING_FEED = re.compile(r"^(?P<listing>/.+?)/feed/(?:(?:rss2?|atom|rdf)/)?$")
_LISTING_PAGE = re.compile(r"^(?P<listing>/(?:.+?/)?)page/(?P<number>\d+)/$")
# WordPress's plain feed address: /?feed=rss2.
_FEED_QUERY = re.compile(r"(?:^|&)feed=(?P<kind>[a-z0-9]+)(?:&|$)")


class HomeQueryRedirectMiddleware:
    """Follows a redirect from the home page's address with a query string, like /?p=123.

    WordPress's plain addresses (/?p=123, /?page_id=7, /?cat=4, /?feed=rss2) name a post
    or a feed by a query on the home page. The home page answers any query with itself,
    so Wagtail's RedirectMiddleware, which only looks at 404s, never sees them. Only "/"
    with a query is looked up, so no other page pays for the lookup.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING")
        if request.path == "/" and query:
            path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
            feed = _FEED_QUERY.search(query)
            if feed is not None:
                return HttpResponsePermanentRedirect(_site_feed(feed["kind"]))
        return self.get_response(request)


class OldArchiveAddressMiddleware:
    """Answers a 404 for an old archive's address with a permanent redirect to this site's.

    Placed before Wagtail's RedirectMiddleware in MIDDLEWARE, so that a redirect an import
    or an editor made for the exact address wins over these rules.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = _target(request)
        return HttpResponsePermanentRedirect(target) if target else response


def _target(request) -> str | None:
    path = request.path
    if not path.endswith("/"):
        path += "/"
    if path in _SITE_FEEDS:
        return _SITE_FEEDS[path]
    date = _DATE_ARCHIVE.match(path)
    if date is not None:
        if date["month"] is None:
            return reverse("blog:archive")
        return reverse(
            "blog:archive_month", kwargs={"year": int(date["year"]), "month": int(date["month"])}
        )
    page = _LISTING_PAGE.match(path)
    if page is not None:
        listing = _listing(request, page["listing"])
        return f"{listing}?page={page['number']}" if listing else None
    feed = _LISTING_FEED.match(path)
    if feed is not None:
        listing = _listing(request, feed["listing"] + "/")
        return f"{listing}feed/" if listing and listing.endswith("/") else None
    return None


def _listing(request, path: str) -> str | None:
    """Where an old listing's address leads now: this site's, or its redirect's target."""
    if path == "/":
        index = BlogIndexPage.objects.first()
        return index.url if index else None
    redirect = get_redirect(request, Redirect.normalise_path(path))
    return redirect.link if redirect is not None and redirect.link else None


def _site_feed(kind: str) -> str:
    return "/feed/atom/" if kind == "atom" else "/feed/"
