from django.utils.csp import CSP

from broadsheet.settings.base import SECURE_CSP

# Wagtail's live preview shows the page being edited in an iframe of the admin
# itself, so admin responses may be framed by the same origin; nothing else may.
ADMIN_CSP = {**SECURE_CSP, "frame-ancestors": [CSP.SELF]}


class AdminFramingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_config = ADMIN_CSP
        return response
