"""Exactly once, with a real task worker killed in the middle of an issue.

The worker (`manage.py db_worker` in a subprocess) sends to a real SMTP server on
loopback, and is killed with SIGKILL once a few hundred messages have arrived: no
clean-up runs. A second worker is started and left to finish.
"""

from collections import Counter

import pytest
from wagtail.models import Site

from broadsheet.newsletter.models import Delivery, Issue, NewsletterSettings
from broadsheet.newsletter.tests.factories import published_by_editor, subscribers
from broadsheet.newsletter.tests.workers import SharedDatabase, Worker

READERS = 2000
# A batch whose worker is silent this long is handed to another.
LEASE_SECONDS = 3


# serialized_rollback: Wagtail's root page and default Site outlive the flush of an
# earlier transactional test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("database_queue")
def test_killed_worker_restarted_sends_each_reader_exactly_one_email(smtp_server, tmp_path):
    options = NewsletterSettings.for_site(Site.objects.get(is_default_site=True))
    options.emails_per_minute = 0
    options.save()
    subscribers(READERS)
    post = published_by_editor("Talks resume in Geneva")

    with SharedDatabase(tmp_path) as database:
        environment = {"NEWSLETTER_LEASE_SECONDS": LEASE_SECONDS}
        first = Worker(database, email_url=smtp_server.url, **environment)
        try:
            smtp_server.wait_for(READERS // 4)
        finally:
            first.kill()
        received_before_restart = len(smtp_server.messages)
        second = Worker(database, email_url=smtp_server.url, **environment)
        try:
            database.wait_until(
                "SELECT COUNT(*) FROM newsletter_issue WHERE finished_at IS NOT NULL"
            )
        except AssertionError:
            raise AssertionError(first.output() + second.output()) from None
        finally:
            second.stop()

    recipients = Counter(r for message in smtp_server.messages for r in message.recipients)
    assert received_before_restart < READERS, "the worker was killed after it had finished"
    assert len(recipients) == READERS
    assert set(recipients.values()) == {1}
    assert {m.message["Subject"] for m in smtp_server.messages} == {post.title}
    statuses = Counter(
        Delivery.objects.filter(issue=Issue.objects.get()).values_list("status", flat=True)
    )
    # At most the one message in flight when the worker died is "sent, unconfirmed".
    assert statuses[Delivery.Status.SENT] + statuses[Delivery.Status.UNCONFIRMED] == READERS
    assert statuses[Delivery.Status.UNCONFIRMED] <= 1
