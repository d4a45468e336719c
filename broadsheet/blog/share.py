"""Share links: plain addresses of each service's own share page, no script of theirs.

A reader's click opens the service with the post's address filled in; nothing on our
page loads anything from those services, so they learn nothing until someone shares.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLink:
    service: str
    label: str
    url: str


# Each service's share page and the query it reads: (service, label, address, fields).
SERVICES = [
    ("email", "Email", "mailto:", lambda title, url: {"subject": title, "body": url}),
    ("x", "X", "https://x.com/intent/post", lambda title, url: {"text": title, "url": url}),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php",
     lambda title, url: {"u": url}),
    ("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/",
     lambda title, url: {"url": url}),
    ("telegram", "Telegram", "https://t.me/share/url",
     lambda title, url: {"url": url, "text": title}),
    ("whatsapp", "WhatsApp", "https://wa.me/", lambda title, url: {"text": f"{title} {url}"}),
]  # fmt: skip


def share_links(*, title: str, url: str) -> list[ShareLink]:
    """One link per service, each with the post's title and absolute address encoded."""
    # %20 rather than +: mail programs show a + literally in a mailto: subject.
    return [
        ShareLink(service, label, f"{address}?{urlencode(fields(title, url), quote_via=quote)}")
        for service, label, address, fields in SERVICES
    ]
