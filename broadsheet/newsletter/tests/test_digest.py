"""The weekly digest: one email with the week's posts, for readers who chose it."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Issue, Subscriber
from broadsheet.newsletter.services import digest_queue, digest_week
from broadsheet.newsletter.tests.factories import published_by_editor, subscriber

# A Wednesday; the digest goes out on Mondays at 08:00 by default.
WEDNESDAY = dt.datetime(2026, 3, 11, 15, 0, tzinfo=timezone.get_current_timezone())
NEXT_MONDAY = dt.datetime(2026, 3, 16, 9, 0, tzinfo=timezone.get_current_timezone())


def test_the_week_ends_at_the_latest_digest_time():
    start, end = digest_week(NEXT_MONDAY)

    assert end == dt.datetime(2026, 3, 16, 8, 0, tzinfo=timezone.get_current_timezone())
    assert start == end - dt.timedelta(days=7)
    assert digest_week(NEXT_MONDAY - dt.timedelta(hours=2))[1] == end - dt.timedelta(days=7)


def test_weekly_readers_get_one_email_with_the_weeks_posts_in_their_sections():
    europe, asia = blog.category("Europe"), blog.category("Asia")
    subscriber("weekly@example.org", frequency=Subscriber.Frequency.WEEKLY)
    subscriber("weekly-asia@example.org", frequency=Subscriber.Frequency.WEEKLY, categories=[asia])
    subscriber(
        "weekly-europe@example.org", frequency=Subscriber.Frequency.WEEKLY, categories=[europe]
    )
    published_by_editor("From Brussels", category=europe)
    published_by_editor("From Paris", category=europe)
    Issue.objects.update(created_at=WEDNESDAY)
    mail.outbox.clear()

    digest_queue(now=NEXT_MONDAY)
    digest_queue(now=NEXT_MONDAY + dt.timedelta(minutes=5))

    by_reader = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_reader) == ["weekly-europe@example.org", "weekly@example.org"]
    digest = by_reader["weekly@example.org"]
    assert digest.subject == "This week on Test Desk: 2 new posts"
    assert "From Brussels" in digest.body
    assert "From Paris" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert Issue.objects.filter(kind=Issue.Kind.DIGEST).count() == 1


def test_no_digest_in_a_week_without_posts(capsys):
    subscriber("weekly@example.org", frequency=Subscriber.Frequency.WEEKLY)

    call_command("newsletter_digest", verbosity=2)

    assert "No digest due" in capsys.readouterr().out
    assert not Issue.objects.exists()
