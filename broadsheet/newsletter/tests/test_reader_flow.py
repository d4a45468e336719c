"""A reader's whole path, against a real SMTP server on loopback: subscribe, confirm,
receive a post, unsubscribe with the mail client's one-click button."""

import re

from django.urls import reverse

from broadsheet.newsletter.models import Delivery, Issue, Subscriber
from broadsheet.newsletter.tests.factories import published_by_editor

LINK = re.compile(r"https://news\.example\.org(/subscribe/[^\s\"<>]+)")


def links_in(text):
    return [match.replace("&amp;", "&") for match in LINK.findall(text)]


def test_subscribe_confirm_receive_a_post_and_unsubscribe_in_one_click(client, smtp_mailers):
    smtp = smtp_mailers

    answer = client.post(
        reverse("newsletter:subscribe"), {"email": " Ana@Example.ORG ", "name": "Ana Lima"}
    )

    assert answer.status_code == 302
    assert answer["Location"] == reverse("newsletter:sent")
    (confirmation,) = smtp.wait_for(1)
    assert confirmation.recipients == ("ana@example.org",)
    assert "Confirm your subscription" in confirmation.message["Subject"]
    (confirm_path,) = set(links_in(confirmation.part("text/plain")))
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    page = client.get(confirm_path)
    assert b"ana@example.org" in page.content
    client.post(confirm_path)

    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.name) == (Subscriber.Status.ACTIVE, "Ana Lima")

    post = published_by_editor("Talks resume in Geneva", excerpt="Delegations met again.")

    received = smtp.wait_for(2)[1]
    assert received.message["Subject"] == "Talks resume in Geneva"
    assert received.message["To"] == "Ana Lima <ana@example.org>"
    assert "Delegations met again." in received.part("text/plain")
    assert f"https://news.example.org/post/{post.slug}/" in received.part("text/html")
    unsubscribe_url = received.message["List-Unsubscribe"].strip("<>")
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.get(issue=Issue.objects.get()).status == Delivery.Status.SENT

    # RFC 8058: what Gmail's or Apple Mail's button sends, from their servers.
    one_click = client.post(
        unsubscribe_url.removeprefix("https://news.example.org"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert one_click.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    published_by_editor("Another story")
    assert len(smtp.messages) == 2
