"""Telling readers apart for counting, without cookies and without keeping who they are.

A reader is ``HMAC(daily salt, client IP, user agent, post id)``. The salt is
``HMAC(SECRET_KEY, date)``: it needs no storage, and since it changes at midnight,
today's hash of a reader cannot be matched with yesterday's. That is the privacy point,
and its price: "one like per reader" can only mean one like per reader per day.

What it does not protect against: whoever holds SECRET_KEY can recompute a day's salt and
test a guessed (IP, user agent) against that day's rows. The rows are therefore deleted
after ``KEEP_DAYS`` (services.engagement_prune); the counts stay, the hashes go.
"""

import hashlib
import hmac
import re
from datetime import date

from django.conf import settings
from django.utils import timezone

from broadsheet.core.clients import client_ip

# Crawlers, link previews, monitors, scripts and automated browsers, by what their user
# agent admits to. Those that lie are not caught; requests with no user agent are refused.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|scan|monitor|uptime|pingdom|archiver"
    r"|curl|wget|httpie|python-requests|python-urllib|httpx|aiohttp|go-http-client"
    r"|okhttp|java/|libwww|scrapy|node-fetch|axios"
    r"|headless|lighthouse|pagespeed|gtmetrix|ptst|phantomjs|selenium|puppeteer|playwright"
    r"|facebookexternalhit|embedly|whatsapp|discord|telegram|slack|skype",
    re.IGNORECASE,
)


def today() -> date:
    """The counting day. Views call it through this module so tests can pin it."""
    return timezone.localdate()


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or BOT_USER_AGENT.search(user_agent) is not None


def daily_salt(day: date) -> bytes:
    message = f"broadsheet.engagement.salt:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def reader_hash(*, ip: str, user_agent: str, post_id: int, day: date) -> str:
    # A newline cannot occur in a header value, so the parts cannot run into each other.
    message = f"{ip}\n{user_agent}\n{post_id}".encode()
    return hmac.new(daily_salt(day), message, hashlib.sha256).hexdigest()


def address_hash(*, ip: str, post_id: int, day: date) -> str:
    """The address alone, whatever the browser: for the cap on likes per address."""
    message = f"address\n{ip}\n{post_id}".encode()
    return hmac.new(daily_salt(day), message, hashlib.sha256).hexdigest()


def request_address_hash(request, *, post_id: int, day: date) -> str:
    return address_hash(ip=client_ip(request), post_id=post_id, day=day)


def request_reader_hash(request, *, post_id: int, day: date) -> str:
    return reader_hash(
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        post_id=post_id,
        day=day,
    )
