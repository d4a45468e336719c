from django.conf import settings
from django.utils.csp import CSP


class AdminFramingMiddleware:
    """Lets the admin frame its own pages, as Wagtail's live preview does.

    The preview shows the page being edited in an iframe of the admin itself, so admin
    responses may be framed by the same origin (X-Frame-Options and the CSP's
    frame-ancestors both say so); nothing else may.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_csp = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_config = self.admin_csp
        return response
