from django.conf import settings
from django.utils.csp import CSP


class AdminPolicyMiddleware:
    """The admin's own Content-Security-Policy: the site's, but framed by itself.

    Lets the admin frame its own pages, as Wagtail's live preview does.

    The preview shows the page being edited in an iframe of the admin itself, so admin
    responses may be framed by the same origin (X-Frame-Options and the CSP's
    frame-ancestors both say so); nothing else may.

    Wagtail renders a preview (the preview panel, "view draft") as a reader request run
    through the whole middleware stack again, so the answer arrives here already carrying
    the reader pages' policy (frame-ancestors 'none'), which Django's CSP middleware would
    keep: it is dropped, and the admin's policy written in its place.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_csp = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response["X-Frame-Options"] = "SAMEORIGIN"
            response.headers.pop(CSP.HEADER_ENFORCE, None)
            response._csp_config = self.admin_csp
        return response
