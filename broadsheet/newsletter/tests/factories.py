"""Small factories for the newsletter's tests."""

import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Subscriber

_sequence = itertools.count(1)


def subscriber(email=None, *, categories=(), **fields) -> Subscriber:
    fields.setdefault("status", Subscriber.Status.ACTIVE)
    if fields["status"] == Subscriber.Status.ACTIVE:
        fields.setdefault("confirmed_at", timezone.now())
    created = Subscriber.objects.create(
        email=email or f"reader{next(_sequence)}@example.org", **fields
    )
    if categories:
        created.categories.set(categories)
    return created


def subscribers(count: int, **fields) -> list[Subscriber]:
    """``count`` subscribed readers, written in one query."""
    start = next(_sequence) * 100_000
    now = timezone.now()
    return Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{start + n}@example.org",
            status=Subscriber.Status.ACTIVE,
            confirmed_at=now,
            **fields,
        )
        for n in range(count)
    )


def editor():
    number = next(_sequence)
    return get_user_model().objects.create_superuser(
        username=f"editor{number}", email=f"editor{number}@example.org", password="x"
    )


def published_by_editor(title=None, **fields):
    """A post an editor published from the admin: the publication that sends it."""
    post = blog.post(title, publish=False, **fields)
    return post_publish(post=post, user=editor())
