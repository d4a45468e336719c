"""Who the site's emails come from and where their links lead, and a two-part message.

Shared by every email the site sends (the newsletter, comment notifications): the
site's name, its public address (BROADSHEET_BASE_URL, since a task worker has no
request to read it from) and a From header made of both.
"""

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from wagtail.models import Site


@dataclass(frozen=True)
class SiteIdentity:
    name: str
    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "localhost"

    def absolute(self, path: str) -> str:
        return self.url + path


def site_identity() -> SiteIdentity:
    """The site's name and public address (BROADSHEET_BASE_URL), for links in emails."""
    site = Site.objects.filter(is_default_site=True).first()
    name = (site and site.site_name) or settings.WAGTAIL_SITE_NAME
    return SiteIdentity(name=name, url=settings.WAGTAILADMIN_BASE_URL.rstrip("/"))


def sender(identity: SiteIdentity) -> str:
    """From: the site's name and DEFAULT_FROM_EMAIL's address (or its own display name)."""
    display_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=display_name or identity.name, addr_spec=address))


def two_part_message(
    *, identity: SiteIdentity, to: str, subject: str, template: str, context: dict, headers=None
) -> EmailMultiAlternatives:
    """A message from ``template``.txt and ``template``.html, which see the site's name
    and address; automatic replies (out of office) are asked not to answer it."""
    context = {"site_name": identity.name, "site_url": identity.url, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=sender(identity),
        to=[to],
        headers={"X-Auto-Response-Suppress": "OOF, AutoReply", **(headers or {})},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
