"""Which publications send a post to subscribers: the first one, by an editor, ticked."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from broadsheet.blog.models import PostPage
from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Issue, Subscriber
from broadsheet.newsletter.tests.factories import editor, published_by_editor, subscriber


def newsletters():
    return [message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers]


def test_the_first_publication_sends_and_edits_and_republishing_never_do():
    subscriber("ana@example.org")
    post = published_by_editor("Talks resume in Geneva")

    post.title = "Talks resume in Geneva, corrected"
    post_publish(post=post, user=editor())
    post.unpublish()
    post_publish(post=PostPage.objects.get(pk=post.pk), user=editor())

    assert [message.subject for message in newsletters()] == ["Talks resume in Geneva"]
    assert Issue.objects.count() == 1


def test_an_unticked_post_is_not_sent_and_ticking_it_later_does_not_send_it():
    subscriber("ana@example.org")
    post = published_by_editor("Quiet correction", email_subscribers=False)

    post.email_subscribers = True
    post_publish(post=post, user=editor())

    assert newsletters() == []
    assert not Issue.objects.exists()


def test_imports_and_the_demo_publish_without_an_editor_and_send_nothing():
    subscriber("ana@example.org")

    blog.post("Imported from the old site")

    assert newsletters() == []


def test_a_scheduled_post_is_sent_when_it_goes_live(monkeypatch):
    subscriber("ana@example.org")
    post = blog.post("Scheduled story", publish=False)
    go_live = timezone.now() + dt.timedelta(hours=1)
    post.go_live_at = go_live
    post.save_revision(user=editor()).publish(user=editor())
    assert newsletters() == []

    monkeypatch.setattr(timezone, "now", lambda: go_live + dt.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)

    assert [message.subject for message in newsletters()] == ["Scheduled story"]


def test_readers_following_sections_get_only_those_sections_posts():
    europe, asia = blog.category("Europe"), blog.category("Asia")
    subscriber("europe@example.org", categories=[europe])
    subscriber("everything@example.org")

    published_by_editor("From Brussels", category=europe)
    published_by_editor("From Tokyo", category=asia)

    sent = sorted((message.subject, message.to[0]) for message in newsletters())
    assert sent == [
        ("From Brussels", "europe@example.org"),
        ("From Brussels", "everything@example.org"),
        ("From Tokyo", "everything@example.org"),
    ]


def test_only_subscribed_readers_who_want_each_post_get_it():
    subscriber("active@example.org")
    subscriber("weekly@example.org", frequency=Subscriber.Frequency.WEEKLY)
    subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    subscriber("bouncing@example.org", status=Subscriber.Status.BOUNCING)

    published_by_editor("Talks resume in Geneva")

    assert [message.to for message in newsletters()] == [["active@example.org"]]
