"""The subscribe form, on its page and under each post: validation, the same answer for
every address, limits, and nothing of the reader's in the shared page."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tests.factories import subscriber

SUBSCRIBE = "/subscribe/"


def test_the_post_page_has_a_subscribe_form_with_nothing_of_the_reader_in_it(client):
    europe = blog.category("Europe")
    post = blog.post("Talks resume in Geneva")

    page = client.get(post.url).content.decode()

    form = page[page.index('<form class="subscribe-form"') :]
    form = form[: form.index("</form>")]
    assert f'action="{SUBSCRIBE}"' in form
    assert 'name="email"' in form
    assert f'name="categories" value="{europe.pk}"' in form
    assert 'name="frequency" value="weekly"' in form
    assert "csrfmiddlewaretoken" not in page
    assert not client.get(post.url).cookies


def test_the_form_under_a_post_chooses_sections_and_a_weekly_digest(client):
    europe = blog.category("Europe")
    post = blog.post("Talks resume in Geneva")

    client.post(
        SUBSCRIBE,
        {"email": "ana@example.org", "categories": [europe.pk], "frequency": "weekly"},
        headers={"Origin": "http://testserver", "Referer": f"http://testserver{post.url}"},
    )
    link = mail.outbox[0].body.split("https://news.example.org", 1)[1].split()[0]
    client.post(link)

    subscribed = Subscriber.objects.get()
    assert subscribed.frequency == Subscriber.Frequency.WEEKLY
    assert list(subscribed.categories.all()) == [europe]


def test_the_subscribe_page_is_shared_by_every_reader_and_lists_the_sections(client):
    blog.category("Europe")

    response = client.get(SUBSCRIBE)

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert b"Europe" in response.content
    assert b"A weekly digest" in response.content
    assert not response.cookies


def test_a_new_address_is_normalised_kept_waiting_and_sent_a_confirmation(client):
    response = client.post(SUBSCRIBE, {"email": "  Ana@Exämple.ORG ", "name": " Ana  Lima "})

    assert response.status_code == 302
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    new = Subscriber.objects.get()
    assert (new.email, new.name, new.status) == (
        "ana@xn--exmple-cua.org",
        "Ana Lima",
        Subscriber.Status.PENDING,
    )
    (confirmation,) = mail.outbox
    assert confirmation.to == ["ana@xn--exmple-cua.org"]
    assert "/subscribe/confirm/" in confirmation.body


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client):
    subscriber("known@example.org", name="Known Reader")

    known = client.post(SUBSCRIBE, {"email": "known@example.org", "name": "Someone Else"})
    new = client.post(SUBSCRIBE, {"email": "new@example.org"})

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert client.get(known["Location"]).content == client.get(new["Location"]).content
    # Only the mailbox's owner learns which it was; nothing a stranger typed is kept.
    already, confirm = mail.outbox
    assert already.subject.startswith("You are subscribed")
    assert "/subscribe/manage/" in already.body
    assert confirm.subject.startswith("Confirm your subscription")
    assert Subscriber.objects.get(email="known@example.org").name == "Known Reader"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Please enter your email address."),
        ("ana@", "Please enter a valid email address."),
        ("ana@example.org\r\nBcc: victim@example.org", "Please enter one email address"),
        ("ana@example.org, bob@example.org", "Please enter one email address"),
    ],
)
def test_a_bad_address_is_refused_saying_why_and_keeps_what_was_typed(client, email, message):
    response = client.post(SUBSCRIBE, {"email": email, "name": "Ana Lima"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Ana Lima"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_name_that_would_add_a_header_is_refused(client):
    response = client.post(
        SUBSCRIBE, {"email": "ana@example.org", "name": "Ana\r\nBcc: victim@example.org"}
    )

    assert response.status_code == 400
    assert "one line" in response.content.decode()
    assert not mail.outbox


def test_a_bot_filling_the_hidden_field_is_answered_as_usual_and_nothing_is_kept(client):
    response = client.post(SUBSCRIBE, {"email": "bot@example.org", "website": "spam"})

    assert response["Location"] == reverse("newsletter:sent")
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_form_posted_from_another_site_is_refused(client):
    response = client.post(
        SUBSCRIBE, {"email": "ana@example.org"}, headers={"Sec-Fetch-Site": "cross-site"}
    )

    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_one_connection_may_post_the_form_ten_times_an_hour(client):
    for number in range(10):
        client.post(SUBSCRIBE, {"email": f"reader{number}@example.org"})

    eleventh = client.post(SUBSCRIBE, {"email": "eleventh@example.org", "name": "Ana"})

    assert eleventh.status_code == 429
    assert "Too many tries" in eleventh.content.decode()
    assert 'value="eleventh@example.org"' in eleventh.content.decode()
    assert Subscriber.objects.count() == 10


def test_a_mailbox_gets_at_most_three_emails_an_hour_whoever_asks(client):
    for number in range(5):
        response = client.post(
            SUBSCRIBE,
            {"email": "target@example.org"},
            REMOTE_ADDR=f"192.0.2.{number}",
        )
        assert response.status_code == 302

    assert len(mail.outbox) == 3


def test_the_confirmation_link_shows_a_button_and_subscribes_on_its_post(client):
    europe = blog.category("Europe")
    client.post(
        SUBSCRIBE,
        {"email": "ana@example.org", "categories": [europe.pk], "frequency": "weekly"},
    )
    link = mail.outbox[0].body.split("https://news.example.org", 1)[1].split()[0]

    client.get(link)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = client.post(link)

    subscribed = Subscriber.objects.get()
    assert subscribed.status == Subscriber.Status.ACTIVE
    assert subscribed.frequency == Subscriber.Frequency.WEEKLY
    assert list(subscribed.categories.all()) == [europe]
    assert response["Location"] == f"/subscribe/manage/{subscribed.token}/?welcome=1"
    assert "You are subscribed" in client.get(response["Location"]).content.decode()


def test_a_changed_or_expired_confirmation_link_says_what_to_do(client, settings):
    client.post(SUBSCRIBE, {"email": "ana@example.org"})
    link = mail.outbox[0].body.split("https://news.example.org", 1)[1].split()[0]

    changed = client.post(link.replace("/confirm/", "/confirm/x"))
    settings.SECRET_KEY = "another-secret-key-entirely-for-this-test"
    signed_elsewhere = client.get(link)

    assert changed.status_code == signed_elsewhere.status_code == 400
    assert "Subscribe again" in changed.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_expired_confirmation_link_says_so(client, monkeypatch):
    from broadsheet.newsletter import tokens

    client.post(SUBSCRIBE, {"email": "ana@example.org"})
    link = mail.outbox[0].body.split("https://news.example.org", 1)[1].split()[0]
    monkeypatch.setattr(tokens, "CONFIRMATION_VALID_FOR", tokens.timedelta(seconds=-1))

    response = client.get(link)

    assert response.status_code == 400
    assert "work for a week" in response.content.decode()


def test_addresses_never_confirmed_are_forgotten_after_a_month(client):
    old = timezone.now() - dt.timedelta(days=31)
    subscriber("forgotten@example.org", status=Subscriber.Status.PENDING, subscribed_at=old)
    subscriber("recent@example.org", status=Subscriber.Status.PENDING)
    subscriber("subscribed@example.org", subscribed_at=old)

    client.post(SUBSCRIBE, {"email": "new@example.org"})

    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "new@example.org",
        "recent@example.org",
        "subscribed@example.org",
    ]
