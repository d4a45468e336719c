"""Where a comment came from, kept as a keyed hash, never as the address itself.

``HMAC(SECRET_KEY, address)``: the same address always gives the same hash, so a
moderator can list and remove everything one address sent; the address cannot be read
back from it. Whoever holds SECRET_KEY could test guessed addresses against it, so the
hash is shown in the admin shortened, and dropped by `backup --without-personal-data`.
"""

import hashlib
import hmac

from django.conf import settings

from broadsheet.core.clients import client_ip


def address_hash(ip: str) -> str:
    if not ip:
        return ""
    message = f"broadsheet.comments.address:{ip}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def reader_hash(ip: str, user_agent: str) -> str:
    """One reader for rate limiting: an address and a browser."""
    message = f"broadsheet.comments.reader:{ip}\n{user_agent}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def request_address_hash(request) -> str:
    return address_hash(client_ip(request))


def request_reader_hash(request) -> str:
    return reader_hash(client_ip(request), request.headers.get("User-Agent", ""))
