"""Who sent a request, as far as the network says: the reader's address behind proxies."""

from django.conf import settings


def client_ip(request) -> str:
    return client_ip_from_environ(request.META)


def client_ip_from_environ(environ) -> str:
    """The reader's address, from a WSGI environ (a Django request's META is one).

    Behind N reverse proxies (``ENGAGEMENT_TRUSTED_PROXIES = N``), REMOTE_ADDR is the last
    proxy and the reader is the N-th address from the right of X-Forwarded-For: addresses
    further left were written by the client and prove nothing. Left at 0 behind a proxy,
    every reader would share the proxy's address and be told apart by user agent alone.
    """
    proxies = getattr(settings, "ENGAGEMENT_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [a.strip() for a in environ.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return environ.get("REMOTE_ADDR", "")
