"""The sending machinery's knobs, from Django settings, with the defaults most sites want.

Editors set the pace (emails a minute) and the digest's day in the admin
(NewsletterSettings); these are for whoever runs the server.
"""

from datetime import timedelta

from django.conf import settings


def batch_size() -> int:
    """Recipients a task sends to: small enough that a batch takes under a minute."""
    return getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)


def lease() -> timedelta:
    """How long a worker holds a batch without news before another may take it over."""
    return timedelta(seconds=getattr(settings, "NEWSLETTER_LEASE_SECONDS", 120))


def retry_delay(attempt: int) -> timedelta:
    """The wait after the ``attempt``-th temporary failure: 2, 4, 8, 16 minutes."""
    base = getattr(settings, "NEWSLETTER_RETRY_SECONDS", 120)
    return timedelta(seconds=base * 2 ** (attempt - 1))


def max_attempts() -> int:
    """Tries before a temporarily failing delivery is given up (about half an hour)."""
    return getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5)


def bounce_threshold() -> int:
    """Permanent failures in a row after which an address counts as bouncing."""
    return getattr(settings, "NEWSLETTER_BOUNCE_THRESHOLD", 3)
