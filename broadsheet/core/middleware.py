from broadsheet.core import memo


class RememberedSiteMiddleware:
    """Finds the Wagtail site a request is for once per host, not once per request.

    Wagtail looks it up in the database the first time a request asks
    (``Site.find_for_request``) and keeps it on the request; this hands it the one
    remembered between purges (a Site's change purges every page: broadsheet.blog.signals),
    and remembers the one Wagtail found. A request that never asks costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = f"site:{request._get_raw_host()}"
        found, site = memo.recall(name)
        if found:
            request._wagtail_site = site
        response = self.get_response(request)
        if not found and hasattr(request, "_wagtail_site"):
            memo.keep(name, request._wagtail_site)
        return response
