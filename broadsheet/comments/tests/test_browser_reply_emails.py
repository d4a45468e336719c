"""In a real browser, with a real SMTP server on loopback: a commenter asks to hear of
replies, gets one, follows its link to the reply, and stops reply emails in one click."""

import pytest
from playwright.sync_api import expect

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.comments.services import comments_moderate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _write(page, *, name, email, body, notify):
    form = page.locator("#comment-form")
    form.get_by_label("Name").fill(name)
    form.get_by_label("Email (optional, never shown)").fill(email)
    form.get_by_label("Comment").fill(body)
    if notify:
        form.get_by_label("Email me when someone replies").check()
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("awaiting approval")


def _approve_all():
    comments_moderate(
        comment_ids=Comment.objects.pending().values_list("pk", flat=True),
        status=Comment.Status.APPROVED,
    )


def test_a_commenter_hears_of_a_reply_and_stops_reply_emails(
    page, csp_violations, smtp_mailers, live_server, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # Links in emails lead here.
    post = factories.post("Talks resume in Geneva")
    page.goto(f"/post/{post.slug}/")
    _write(page, name="Ana", email="ana@example.org", body="Promising.", notify=True)
    _approve_all()

    page.goto(f"/post/{post.slug}/")
    page.get_by_role("link", name="Reply to Ana").click()
    _write(page, name="Ben", email="ben@example.org", body="Not so fast.", notify=False)
    assert not smtp_mailers.messages
    _approve_all()

    (received,) = smtp_mailers.wait_for(1)
    assert received.recipients == ("ana@example.org",)
    text = received.part("text/plain")
    reply_link = next(w for w in text.split() if "#comment-" in w)
    page.goto(reply_link)
    expect(page.get_by_role("article", name="Comment by Ben")).to_contain_text("Not so fast.")

    page.goto(received.message["List-Unsubscribe"].strip("<>"))
    page.get_by_role("button", name="Stop reply emails").click()
    expect(page.get_by_role("status")).to_contain_text("no more emails about replies")
    assert not Comment.objects.filter(notify_replies=True).exists()
    assert csp_violations == []
