"""Email about comments, received by a real SMTP server on loopback: replies to the
commenters who asked, with a one-click stop, and the moderators' digest."""

import base64
import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.core.tests.queue import run_queued_tasks

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


def _comment(client, post, **data):
    fields = {"author_name": "Ana", "body": "The second round looks promising."}
    return client.post(f"/post/{post.slug}/comments/", {**fields, **data})


def _approve(admin_client, comment):
    response = admin_client.post(f"/admin/comments/moderation/{comment.pk}/", {"action": "approve"})
    assert response.status_code == 302


def base64_parts(url: str) -> str:
    """What a signed token's parts say, decoded: a signed value is readable by anyone."""
    token = url.rstrip("/").rsplit("/", 1)[1]
    decoded = []
    for part in token.split(":"):
        try:
            decoded.append(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode())
        except (ValueError, UnicodeDecodeError):
            continue
    return " ".join(decoded)


def _to(server, address):
    return [m for m in server.messages if address in m.recipients]


@pytest.fixture
def thread(client, admin_client, post, smtp_mailers):
    """Ana commented and asked to hear of replies; a moderator approved her comment."""
    _comment(client, post, author_email="Ana@Example.org", notify_replies="on")
    ana = Comment.objects.get()
    _approve(admin_client, ana)
    smtp_mailers.clear()  # The moderators' digest, if any: not this test's.
    return ana


def _reply(client, post, parent, *, name="Ben", email="ben@example.org", **data):
    fields = {"body": "Not so fast: the delegations left early.", "parent": parent.pk}
    _comment(client, post, author_name=name, author_email=email, **{**fields, **data})
    return Comment.objects.latest("pk")


def test_a_commenter_who_asked_hears_of_a_reply_once_a_moderator_approves_it(
    client, admin_client, post, thread, smtp_mailers
):
    reply = _reply(client, post, thread)
    assert not smtp_mailers.messages, "a reply awaiting approval is news to nobody yet"

    _approve(admin_client, reply)

    (received,) = smtp_mailers.messages
    message = received.message
    assert received.recipients == ("ana@example.org",)
    assert message["Subject"] == "Ben replied on “Talks resume in Geneva”"
    text, html = received.part("text/plain"), received.part("text/html")
    link = f"{HOST}{post.url}#comment-{reply.pk}"
    for part in (text, html):
        assert "Not so fast: the delegations left early." in part
        assert link in part
        assert "replied to your comment" in part
    stop = message["List-Unsubscribe"].strip("<>")
    assert stop.startswith(f"{HOST}/comments/replies/stop/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in text
    assert "ana@example.org" not in base64_parts(stop), "the address stays hidden"


@pytest.mark.usefixtures("database_queue")
def test_reply_emails_and_digests_go_through_the_task_worker(
    client, admin_client, post, thread, smtp_mailers, moderators
):
    reply = _reply(client, post, thread)
    _approve(admin_client, reply)
    _pending(post, "Waiting for a moderator.")
    call_command("comments_moderation_digest", "--verbosity", "0")
    # Nothing is sent while the request is answered or the command runs.
    assert not smtp_mailers.messages

    run_queued_tasks()

    assert len(_to(smtp_mailers, "ana@example.org")) == 1
    assert "Waiting for a moderator." in _to(smtp_mailers, "mod@example.org")[0].part("text/plain")


def test_a_name_with_a_line_break_adds_no_header(client, admin_client, post, thread, smtp_mailers):
    reply = _reply(client, post, thread, name="Ben\r\nBcc: evil@example.org")
    _approve(admin_client, reply)

    (received,) = smtp_mailers.messages
    assert received.recipients == ("ana@example.org",)
    assert received.message["Bcc"] is None
    assert received.message["Subject"] == (
        "Ben Bcc: evil@example.org replied on “Talks resume in Geneva”"
    )


def test_a_reply_is_told_once_even_if_approved_again(
    client, admin_client, post, thread, smtp_mailers
):
    reply = _reply(client, post, thread)
    _approve(admin_client, reply)
    admin_client.post(f"/admin/comments/moderation/{reply.pk}/", {"action": "reject"})
    _approve(admin_client, reply)
    reply.refresh_from_db()
    reply.body += " (edited)"
    reply.save()

    assert len(smtp_mailers.messages) == 1


def test_published_at_once_the_reply_is_told_at_once(client, post, thread, smtp_mailers):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publish_immediately = True
    settings.save()

    _reply(client, post, thread)

    assert [m.recipients for m in smtp_mailers.messages] == [("ana@example.org",)]


def test_nobody_hears_of_their_own_reply_and_those_who_did_not_ask_hear_nothing(
    client, admin_client, post, thread, smtp_mailers
):
    # Ben replies without asking; Cleo replies and asks; Ana answers them both.
    _approve(admin_client, _reply(client, post, thread))
    _approve(
        admin_client,
        _reply(client, post, thread, name="Cleo", email="cleo@example.org", notify_replies="on"),
    )
    smtp_mailers.clear()

    _approve(admin_client, _reply(client, post, thread, name="Ana", email="ana@example.org"))

    (received,) = smtp_mailers.messages
    assert received.recipients == ("cleo@example.org",)
    assert "in a conversation you joined" in received.part("text/plain")


def test_the_one_click_post_stops_every_reply_email_at_once(
    client, admin_client, post, thread, smtp_mailers
):
    _approve(admin_client, _reply(client, post, thread))
    stop = smtp_mailers.messages[0].message["List-Unsubscribe"].strip("<>").removeprefix(HOST)

    shown = client.get(stop)
    assert shown.status_code == 200
    assert "private" in shown["Cache-Control"]
    assert BeautifulSoup(shown.content, "html.parser").select_one("main form button")
    assert Comment.objects.get(pk=thread.pk).notify_replies, "opening the link stops nothing"

    # As a mail provider's server sends it (RFC 8058): no origin, no token, no cookie.
    stopped = client.post(
        stop, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert stopped.status_code == 200
    assert "no more emails about replies" in stopped.content.decode()

    smtp_mailers.clear()
    _approve(admin_client, _reply(client, post, thread, name="Dan", email="dan@example.org"))
    assert not smtp_mailers.messages


def test_a_stop_link_that_was_tampered_with_is_not_found(client):
    assert client.get("/comments/replies/stop/not-a-signed-address/").status_code == 404


def test_asking_for_replies_without_an_email_says_so_and_keeps_the_comment(client, post):
    response = _comment(client, post, body="My own words.", notify_replies="on")

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    error = page.select_one("#id_author_email-error").get_text()
    assert error == "Please give your email address to hear of replies."
    assert page.select_one("#id_body").get_text().strip() == "My own words."
    assert page.select_one("#id_notify_replies").has_attr("checked")
    assert not Comment.objects.exists()


def test_the_form_offers_reply_emails_to_every_reader_alike(client, post):
    page = BeautifulSoup(client.get(post.url).content, "html.parser")

    box = page.select_one('#comment-form input[type="checkbox"][name="notify_replies"]')
    assert box is not None
    assert not box.has_attr("checked")
    assert page.select_one('label[for="id_notify_replies"]').get_text() == (
        "Email me when someone replies"
    )


# ---- The moderators' digest --------------------------------------------------------------


@pytest.fixture
def moderators(django_user_model):
    """An administrator and a member of a moderators group get it; an editor without the
    right to moderate, an inactive moderator and one without an address do not."""
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="comments", codename="change_comment")
    )
    django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    for name, fields in {
        "mod": {},
        "gone": {"is_active": False},
        "mute": {"email": ""},
    }.items():
        user = django_user_model.objects.create_user(
            name, **{"email": f"{name}@example.org", **fields}
        )
        user.groups.add(group)
    django_user_model.objects.create_user("writer", email="writer@example.org")
    return ("chief@example.org", "mod@example.org")


def _pending(post, body):
    return factories.comment(post, body=body, status=Comment.Status.PENDING)


def _set_moderator_emails(choice):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.moderator_emails = choice
    settings.save()


def test_moderators_get_one_email_listing_the_comments_awaiting_approval(
    post, moderators, smtp_mailers
):
    _pending(post, "First thoughts on the talks.")
    _pending(post, "A second opinion.")
    factories.comment(post, body="Already approved.")

    call_command("comments_moderation_digest")

    assert sorted(r for m in smtp_mailers.messages for r in m.recipients) == sorted(moderators)
    received = smtp_mailers.messages[0]
    assert received.message["Subject"] == "2 new comments await approval on Test Desk"
    for part in (received.part("text/plain"), received.part("text/html")):
        assert "First thoughts on the talks." in part
        assert "A second opinion." in part
        assert "Already approved." not in part
        assert f"{HOST}/admin/comments/moderation/" in part
        assert f"{HOST}/admin/settings/comments/commentsettings/" in part


def test_each_comment_is_in_one_digest_only(post, moderators, smtp_mailers):
    _pending(post, "First thoughts on the talks.")
    call_command("comments_moderation_digest")
    call_command("comments_moderation_digest")

    assert len(smtp_mailers.messages) == len(moderators)


def test_the_hourly_digest_waits_an_hour_after_the_last(post, moderators, smtp_mailers):
    _pending(post, "First thoughts on the talks.")
    call_command("comments_moderation_digest")
    smtp_mailers.clear()
    _pending(post, "Arrived ten minutes later.")

    call_command("comments_moderation_digest")
    assert not smtp_mailers.messages

    # The last digest went out more than an hour ago.
    Comment.objects.exclude(moderators_notified_at=None).update(
        moderators_notified_at=timezone.now() - dt.timedelta(hours=1, minutes=1)
    )
    call_command("comments_moderation_digest")
    received = _to(smtp_mailers, "mod@example.org")
    assert len(received) == 1
    assert received[0].message["Subject"] == "1 new comment awaits approval on Test Desk"
    assert "Arrived ten minutes later." in received[0].part("text/plain")
    assert "First thoughts" not in received[0].part("text/plain")


def test_for_each_comment_moderators_hear_of_every_one(post, moderators, smtp_mailers):
    _set_moderator_emails(CommentSettings.ModeratorEmails.EACH)
    _pending(post, "First thoughts on the talks.")
    call_command("comments_moderation_digest")
    _pending(post, "Arrived a minute later.")
    call_command("comments_moderation_digest")

    assert len(_to(smtp_mailers, "mod@example.org")) == 2


def test_never_means_no_email(post, moderators, smtp_mailers):
    _set_moderator_emails(CommentSettings.ModeratorEmails.NEVER)
    _pending(post, "First thoughts on the talks.")

    call_command("comments_moderation_digest")

    assert not smtp_mailers.messages


def test_comments_wait_untold_until_a_moderator_has_an_address(
    post, smtp_mailers, django_user_model
):
    chief = django_user_model.objects.create_superuser("chief", "", "x")
    _pending(post, "First thoughts on the talks.")
    call_command("comments_moderation_digest")
    assert not smtp_mailers.messages

    chief.email = "chief@example.org"
    chief.save()
    call_command("comments_moderation_digest")

    (received,) = smtp_mailers.messages
    assert received.recipients == ("chief@example.org",)
    assert "First thoughts on the talks." in received.part("text/plain")
