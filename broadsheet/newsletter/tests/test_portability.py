"""Subscribers out with the JSON export and in again with its import."""

import datetime as dt

from django.utils import timezone

from broadsheet.blog.tests import factories as blog
from broadsheet.exporters.tests.exports import export, json_document
from broadsheet.importers.services import files_import
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tests.factories import subscriber

SUBSCRIBED = dt.datetime(2024, 3, 1, 9, 0, tzinfo=timezone.get_current_timezone())


def test_subscribers_are_exported_by_address_with_their_choices(tmp_path):
    europe = blog.category("Europe")
    subscriber(
        "ana@example.org",
        name="Ana Lima",
        frequency=Subscriber.Frequency.WEEKLY,
        categories=[europe],
        subscribed_at=SUBSCRIBED,
        confirmed_at=SUBSCRIBED + dt.timedelta(minutes=5),
    )
    subscriber("bob@example.org", status=Subscriber.Status.PENDING, subscribed_at=SUBSCRIBED)

    document = json_document(export(tmp_path / "site.zip"))

    assert document["subscribers"] == [
        {
            "email": "ana@example.org",
            "name": "Ana Lima",
            "status": "active",
            "frequency": "weekly",
            "categories": ["europe"],
            "subscribed_at": "2024-03-01T09:00:00+00:00",
            "confirmed_at": "2024-03-01T09:05:00+00:00",
            "unsubscribed_at": None,
        },
        {
            "email": "bob@example.org",
            "name": "",
            "status": "pending",
            "frequency": "each_post",
            "categories": [],
            "subscribed_at": "2024-03-01T09:00:00+00:00",
            "confirmed_at": None,
            "unsubscribed_at": None,
        },
    ]


def test_exported_and_imported_into_an_empty_list_they_export_the_same(tmp_path):
    europe = blog.category("Europe")
    subscriber("ana@example.org", categories=[europe], subscribed_at=SUBSCRIBED)
    subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    first = export(tmp_path / "first.zip")
    Subscriber.objects.all().delete()

    report = files_import(paths=[first])
    second = export(tmp_path / "second.zip")

    assert [str(problem) for problem in report.problems] == []
    assert json_document(second)["subscribers"] == json_document(first)["subscribers"]
