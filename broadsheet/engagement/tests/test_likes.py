"""A reader likes a post with a plain form: once a day, no account, no JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from broadsheet.blog.tests import factories
from broadsheet.engagement.models import Like

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_count_shown")]

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _like(client, post, *, ip="203.0.113.7", user_agent=FIREFOX, **data):
    return client.post(
        f"/post/{post.slug}/like/", data, headers={"user-agent": user_agent}, REMOTE_ADDR=ip
    )


def _like_button(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".like-button")


def test_like_is_a_form_that_works_without_javascript(client, post):
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")

    form = soup.select_one(".like-form")
    assert (form["method"], form["action"]) == ("post", f"/post/{post.slug}/like/")
    assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.select_one("button.like-button")["type"] == "submit"


def test_like_sends_the_reader_back_to_the_button_with_thanks(client, post):
    response = _like(client, post)

    assert response.status_code == 302
    assert response["Location"] == f"/post/{post.slug}/?liked=1#like"
    thanks = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    assert thanks.find(role="status").get_text() == "Thank you for liking this post."


def test_post_without_likes_shows_zero(client, post):
    assert _like_button(client, post)["aria-label"] == "Like this post, 0 likes"


def test_like_adds_one_to_the_count_on_the_page(client, post):
    _like(client, post)

    button = _like_button(client, post)
    assert button["aria-label"] == "Like this post, 1 like"
    assert button.get_text(" ", strip=True) == "♥ 1"


def test_second_like_from_the_same_reader_the_same_day_does_not_count(client, post):
    _like(client, post)
    response = _like(client, post)

    assert response.status_code == 302
    assert _like_button(client, post)["aria-label"] == "Like this post, 1 like"


@pytest.mark.parametrize(
    "other", [{"ip": "198.51.100.23"}, {"user_agent": SAFARI}], ids=["address", "browser"]
)
def test_like_from_another_reader_counts(client, post, other):
    _like(client, post)
    _like(client, post, **other)

    assert _like_button(client, post)["aria-label"] == "Like this post, 2 likes"


def test_same_reader_may_like_again_the_next_day(client, post, clock):
    _like(client, post)
    clock.advance()
    _like(client, post)

    assert _like_button(client, post)["aria-label"] == "Like this post, 2 likes"


def test_like_counts_on_its_own_post_only(client, post):
    other = factories.post("Elections called in Lisbon")

    _like(client, post)

    assert _like_button(client, other)["aria-label"] == "Like this post, 0 likes"


def test_like_url_refuses_get(client, post):
    assert client.get(f"/post/{post.slug}/like/").status_code == 405


def test_like_of_a_draft_is_not_found(client):
    draft = factories.post("Not yet", publish=False)

    assert _like(client, draft).status_code == 404
    assert not Like.objects.exists()


def test_like_sent_from_another_site_is_refused(post):
    client = Client(enforce_csrf_checks=True, headers={"Sec-Fetch-Site": "cross-site"})

    response = _like(client, post)

    assert response.status_code == 403
    assert not Like.objects.exists()


def test_like_from_the_post_page_is_accepted_without_a_token(post):
    client = Client(enforce_csrf_checks=True, headers={"Sec-Fetch-Site": "same-origin"})

    response = _like(client, post)

    assert response.status_code == 302
    assert Like.objects.count() == 1


def test_like_response_is_never_cached(client, post):
    assert "no-store" in _like(client, post)["Cache-Control"]


def test_one_address_counts_three_likes_a_day_whatever_the_user_agent(client, post):
    for n in range(30):
        assert _like(client, post, user_agent=f"Mozilla/5.0 Browser/{n}").status_code == 302

    assert _like_button(client, post)["aria-label"] == "Like this post, 3 likes"


def test_another_address_still_counts_when_one_has_used_its_likes(client, post):
    for n in range(5):
        _like(client, post, user_agent=f"Mozilla/5.0 Browser/{n}")

    _like(client, post, ip="198.51.100.23")

    assert _like_button(client, post)["aria-label"] == "Like this post, 4 likes"


def test_an_address_gets_its_likes_again_the_next_day(client, post, clock):
    for n in range(4):
        _like(client, post, user_agent=f"Mozilla/5.0 Browser/{n}")
    clock.advance()
    for n in range(4):
        _like(client, post, user_agent=f"Mozilla/5.0 Browser/{n}")

    assert _like_button(client, post)["aria-label"] == "Like this post, 6 likes"


def test_the_cap_is_per_post(client, post):
    other = factories.post("Elections called in Lisbon")
    for n in range(4):
        _like(client, post, user_agent=f"Mozilla/5.0 Browser/{n}")

    _like(client, other)

    assert _like_button(client, other)["aria-label"] == "Like this post, 1 like"
