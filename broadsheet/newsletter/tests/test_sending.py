"""Sending an issue to a real SMTP server on loopback, with the database queue."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from broadsheet.blog.tests import factories as blog
from broadsheet.core.tests.queue import run_queued_tasks
from broadsheet.core.tests.smtp import free_port
from broadsheet.newsletter.models import Batch, Delivery, Issue, NewsletterSettings, Subscriber
from broadsheet.newsletter.sending import _BatchRun, batch_send, issue_watch
from broadsheet.newsletter.services import issue_for_post_queue
from broadsheet.newsletter.tests.factories import published_by_editor, subscriber, subscribers

pytestmark = pytest.mark.usefixtures("database_queue")


def queued_issue(title="Talks resume in Geneva") -> Issue:
    """A post's issue queued, as the worker's first task does, and nothing sent yet."""
    post = published_by_editor(title)
    issue = issue_for_post_queue(post_id=post.pk)
    assert issue is not None
    return issue


@pytest.fixture(autouse=True)
def sending_options(settings):
    settings.NEWSLETTER_RETRY_SECONDS = 0
    options = NewsletterSettings.for_site(Site.objects.get(is_default_site=True))
    options.emails_per_minute = 0
    options.save()
    return options


def test_each_email_carries_both_parts_the_post_and_the_unsubscribe_headers(smtp_mailers):
    reader = subscriber("ana@example.org", name="Ana Lima")
    cover = blog.image("Delegates at the table")
    post = published_by_editor(
        "Talks resume in Geneva",
        excerpt="Delegations met again on Monday.",
        cover_image=cover,
        cover_image_alt="Delegates around a long table",
        category=blog.category("Europe"),
    )
    run_queued_tasks()

    (received,) = smtp_mailers.messages
    message = received.message
    unsubscribe = f"https://news.example.org/subscribe/unsubscribe/{reader.token}/"
    assert received.recipients == ("ana@example.org",)
    assert message["From"] == "Test Desk <newsletter@news.example.org>"
    assert message["To"] == "Ana Lima <ana@example.org>"
    assert message["Subject"] == "Talks resume in Geneva"
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"] == '"Test Desk" <newsletter.news.example.org>'
    issue = Issue.objects.get()
    assert message["Message-ID"] == (
        f"<broadsheet.newsletter.issue-{issue.pk}.{reader.pk}@news.example.org>"
    )
    assert message.get_content_type() == "multipart/alternative"
    text, html = received.part("text/plain"), received.part("text/html")
    post_url = f"https://news.example.org/post/{post.slug}/"
    for part in (text, html):
        assert "Talks resume in Geneva" in part
        assert "Delegations met again on Monday." in part
        assert post_url in part
        assert unsubscribe in part
        assert f"https://news.example.org/subscribe/manage/{reader.token}/" in part
        assert "https://news.example.org/" in part
    cover_tag = re.search(r"<img [^>]*>", html)[0]
    assert 'alt="Delegates around a long table"' in cover_tag
    assert 'src="https://news.example.org/media/images/' in cover_tag
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "prefers-color-scheme: dark" in html


def test_full_text_sends_the_whole_post_when_the_site_says_so(smtp_mailers, sending_options):
    sending_options.full_text = True
    sending_options.save()
    subscriber()
    published_by_editor(
        "Talks resume", paragraphs=("First paragraph of the story.", "The closing paragraph.")
    )
    run_queued_tasks()

    (received,) = smtp_mailers.messages
    for part in (received.part("text/plain"), received.part("text/html")):
        assert "First paragraph of the story." in part
        assert "The closing paragraph." in part


def test_a_server_answering_4xx_then_250_leads_to_one_delivery(smtp_mailers):
    smtp_mailers.answer("451 4.3.0 Greylisted, try again later", at="DATA", times=1)
    subscriber("ana@example.org")
    published_by_editor("Talks resume in Geneva")

    run_queued_tasks()

    assert [m.recipients for m in smtp_mailers.messages] == [("ana@example.org",)]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert Issue.objects.get().finished_at is not None


def test_temporary_failures_give_up_after_the_last_try(smtp_mailers, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    smtp_mailers.answer("421 4.7.0 Too busy", at="RCPT", times=10)
    subscriber("ana@example.org")
    published_by_editor("Talks resume in Geneva")

    run_queued_tasks()

    delivery = Delivery.objects.get()
    assert smtp_mailers.messages == []
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    assert "Too busy" in delivery.error
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_permanent_failures_mark_an_address_bouncing_after_three_in_a_row(smtp_mailers):
    smtp_mailers.answer(
        "550 5.1.1 No such mailbox", at="RCPT", recipient="gone@example.org", times=10
    )
    subscriber("gone@example.org")
    subscriber("ana@example.org")

    for number in range(4):
        published_by_editor(f"Story {number}")
        run_queued_tasks()

    gone = Subscriber.objects.get(email="gone@example.org")
    assert gone.status == Subscriber.Status.BOUNCING
    assert Delivery.objects.filter(subscriber=gone).count() == 3
    assert Delivery.objects.filter(subscriber=gone, status=Delivery.Status.FAILED).count() == 3
    assert [m.recipients for m in smtp_mailers.messages] == [("ana@example.org",)] * 4


def test_an_unreachable_server_leaves_the_batch_queued_for_later(settings):
    settings.NEWSLETTER_RETRY_SECONDS = 600
    # Nothing listens there.
    port = free_port()
    settings.MAILERS = {
        alias: {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
        for alias in ("default", "newsletter")
    }
    subscribers(3)
    published_by_editor("Talks resume in Geneva")

    run_queued_tasks()

    deliveries = Delivery.objects.order_by("pk")
    assert {d.status for d in deliveries} == {Delivery.Status.QUEUED}
    assert all(d.retry_at > timezone.now() for d in deliveries)
    # The first try counts for the address it was for; the server, not the others, failed.
    assert [d.attempts for d in deliveries] == [1, 0, 0]
    assert Issue.objects.get().finished_at is None


def test_a_delivery_handed_over_by_a_worker_that_died_is_never_sent_again(smtp_mailers):
    readers = subscribers(3)
    issue = queued_issue()
    # As a killed worker leaves it: the batch leased, one delivery past its final dot.
    batch = Batch.objects.get(issue=issue)
    Batch.objects.filter(pk=batch.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    Delivery.objects.filter(subscriber=readers[0]).update(status=Delivery.Status.SENDING)

    assert issue_watch(issue_id=issue.pk) == 1
    run_queued_tasks()

    received = sorted(r for m in smtp_mailers.messages for r in m.recipients)
    assert received == sorted(r.email for r in readers[1:])
    statuses = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert statuses[readers[0].email] == Delivery.Status.UNCONFIRMED
    assert Issue.objects.get().finished_at is not None


def test_a_batch_another_worker_holds_is_left_alone(smtp_mailers):
    subscribers(2)
    queued_issue()
    batch = Batch.objects.get()
    Batch.objects.filter(pk=batch.pk).update(lease_until=timezone.now() + dt.timedelta(minutes=1))

    assert batch_send(batch_id=batch.pk) == {}
    assert issue_watch(issue_id=batch.issue_id) == 0
    assert smtp_mailers.messages == []


def test_only_one_worker_can_hand_over_a_delivery():
    subscriber()
    queued_issue()
    batch = Batch.objects.get()
    delivery = Delivery.objects.get()
    lease = dt.timedelta(minutes=2)
    batch.lease_until = timezone.now() + lease

    first, second = _BatchRun(batch, lease), _BatchRun(batch, lease)

    assert first.hand_over(delivery) is True
    assert second.hand_over(delivery) is False


def test_readers_who_unsubscribed_after_the_issue_was_queued_get_nothing(smtp_mailers):
    stays, leaves = subscriber("stays@example.org"), subscriber("leaves@example.org")
    queued_issue()
    Subscriber.objects.filter(pk=leaves.pk).update(status=Subscriber.Status.UNSUBSCRIBED)

    run_queued_tasks()

    assert [m.recipients for m in smtp_mailers.messages] == [(stays.email,)]
    assert Delivery.objects.get(subscriber=leaves).status == Delivery.Status.SKIPPED


def test_a_cover_picture_whose_file_is_gone_does_not_stop_the_email(smtp_mailers):
    subscriber("ana@example.org")
    cover = blog.image("Lost picture")
    cover.file.storage.delete(cover.file.name)
    published_by_editor("Talks resume", cover_image=cover, cover_image_alt="A lost picture")

    run_queued_tasks()

    (received,) = smtp_mailers.messages
    assert "Talks resume" in received.part("text/html")
    assert "<img" not in received.part("text/html")
