"""Sign-in throttling with django-axes: what it reads and what a locked-out person sees.

Failures are counted by account (whatever the address) and by address (whatever the
account): five of either within the cool-off time lock further tries out for it. An
account that does not exist is counted and locked the same way, and the page says the
same thing, so neither the count nor the page tells whether an account exists.
"""

from django.conf import settings
from django.shortcuts import render

from broadsheet.core.clients import client_ip


def client_ip_for_axes(request) -> str:
    """The same reader's address as likes and comments use (behind TRUSTED_PROXIES)."""
    return client_ip(request)


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Rendered here: axes hands it back from a middleware, after views render.
    response = render(request, "signin/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
