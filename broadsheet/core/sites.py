"""Which Wagtail site a request is for, and what it is called."""

from django.conf import settings
from wagtail.models import Site


def site_name_for(request) -> str:
    """The name of the Wagtail site that answers ``request``, else the installation's."""
    current = Site.find_for_request(request) if request is not None else None
    return (current and current.site_name) or settings.WAGTAIL_SITE_NAME
