from django.apps import AppConfig


class AdminCspConfig(AppConfig):
    """Wagtail's admin under the site's strict Content-Security-Policy.

    Everything that works around the admin's inline scripts is here (a chooser's
    rendering, five admin templates, admin-csp.js, the framing policy), so a Wagtail
    upgrade is re-checked in one place: tests/test_wagtail_version.py stops at a new
    minor version until the shims are verified against it.
    """

    name = "broadsheet.admin_csp"
    label = "admin_csp"
