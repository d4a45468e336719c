"""The pages a subscriber reaches from an email: unsubscribe and preferences."""

import re

from django.urls import reverse

from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tests.factories import subscriber


def unsubscribe_url(reader):
    return reverse("newsletter:unsubscribe", kwargs={"token": reader.token})


def manage_url(reader):
    return reverse("newsletter:manage", kwargs={"token": reader.token})


def test_opening_the_unsubscribe_link_only_shows_a_button(client):
    reader = subscriber("ana@example.org")

    page = client.get(unsubscribe_url(reader))

    assert page.status_code == 200
    assert "ana@example.org" in page.content.decode()
    assert 'name="robots" content="noindex' in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_the_button_unsubscribes_at_once_even_posted_from_a_mail_providers_site(client):
    reader = subscriber("ana@example.org")

    response = client.post(
        unsubscribe_url(reader),
        {"List-Unsubscribe": "One-Click"},
        headers={"Origin": "https://mail.example.com", "Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_an_unknown_link_is_not_found(client):
    assert client.get("/subscribe/unsubscribe/not-a-real-token/").status_code == 404
    assert client.post("/subscribe/manage/not-a-real-token/").status_code == 404


def test_preferences_change_the_name_the_sections_and_the_frequency(client):
    europe, asia = blog.category("Europe"), blog.category("Asia")
    reader = subscriber("ana@example.org")

    response = client.post(
        manage_url(reader), {"name": "Ana", "frequency": "weekly", "categories": [asia.pk]}
    )

    assert response["Location"] == manage_url(reader) + "?saved=1"
    reader.refresh_from_db()
    assert (reader.name, reader.frequency) == ("Ana", Subscriber.Frequency.WEEKLY)
    assert list(reader.categories.all()) == [asia]
    page = client.get(response["Location"]).content.decode()
    assert "Saved." in page
    ticked = re.findall(
        r'<input type="checkbox" name="categories" value="(\d+)"[^>]* checked', page
    )
    assert ticked == [str(asia.pk)]
    assert f'value="{europe.pk}"' in page


def test_an_unsubscribed_reader_can_come_back_from_the_preferences_page(client):
    reader = subscriber("ana@example.org", status=Subscriber.Status.UNSUBSCRIBED)

    response = client.post(manage_url(reader), {"action": "resubscribe"})

    assert response["Location"] == manage_url(reader) + "?resubscribed=1"
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE
