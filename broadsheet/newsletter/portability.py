"""Subscribers in Broadsheet's own export, and back in through its import.

Each is ``{"email", "name", "status", "frequency", "categories": [slugs],
"subscribed_at", "confirmed_at", "unsubscribed_at"}``, dates in ISO 8601 UTC or null.
A subscriber moves with its consent: one subscribed on the site exported arrives
subscribed. One this site has already is left as it is, so that an import never
subscribes again someone who unsubscribed here.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from broadsheet.blog.models import Category
from broadsheet.newsletter.addresses import normalised_email
from broadsheet.newsletter.models import Subscriber

STATUSES = set(Subscriber.Status.values)
FREQUENCIES = set(Subscriber.Frequency.values)


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def subscribers_for_export() -> Iterator[dict[str, Any]]:
    """Every subscriber, by address, as the export lists them."""
    subscribers = Subscriber.objects.order_by("email").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("slug"))
    )
    for subscriber in subscribers.iterator(chunk_size=2000):
        yield {
            "email": subscriber.email,
            "name": subscriber.name,
            "status": subscriber.status,
            "frequency": subscriber.frequency,
            "categories": [category.slug for category in subscriber.categories.all()],
            "subscribed_at": _iso(subscriber.subscribed_at),
            "confirmed_at": _iso(subscriber.confirmed_at),
            "unsubscribed_at": _iso(subscriber.unsubscribed_at),
        }


def subscriber_from_export(
    *,
    email: str,
    name: str,
    status: str,
    frequency: str,
    categories: list[str],
    subscribed_at: dt.datetime,
    confirmed_at: dt.datetime | None,
    unsubscribed_at: dt.datetime | None,
) -> tuple[bool, list[str]]:
    """Store an exported subscriber unless the site has the address: (created, notes)."""
    email = normalised_email(email)
    if Subscriber.objects.filter(email=email).exists():
        return False, []
    subscriber = Subscriber.objects.create(
        email=email,
        name=name,
        status=status,
        frequency=frequency,
        subscribed_at=subscribed_at,
        confirmed_at=confirmed_at,
        unsubscribed_at=unsubscribed_at,
    )
    found = list(Category.objects.filter(slug__in=categories))
    subscriber.categories.set(found)
    missing = sorted(set(categories) - {category.slug for category in found})
    notes = [f"it followed categories this site lacks: {', '.join(missing)}"] if missing else []
    return True, notes
