"""The subscribe form on pages the page cache keeps, and the subscriber's own pages it never
keeps. Requests go through the whole WSGI stack with the page cache in front."""

from urllib.parse import urlencode

import pytest
from django.core import mail

from broadsheet.blog.tests import factories as blog
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.tests.factories import subscriber
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

HOST = "http://testserver"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _kept() -> set[str]:
    return {url.removeprefix(HOST) for url in page_store().urls()}


def _subscribe(front, email, headers):
    body = urlencode({"email": email, "name": "Ana"}).encode()
    return front.request("POST", "/subscribe/", headers={**FORM, **headers}, body=body)


@pytest.fixture
def front():
    return FrontClient()


def test_a_kept_post_page_carries_the_subscribe_form(front):
    blog.category("Europe")
    post = blog.post("Talks resume in Geneva")

    first = front.get(post.url)
    again = front.get(post.url)

    assert post.url in _kept()
    assert again.hit
    assert again.body == first.body
    form = again.text[again.text.index('<form class="subscribe-form"') :]
    form = form[: form.index("</form>")]
    assert 'action="/subscribe/"' in form
    assert "Europe" in form
    assert "csrfmiddlewaretoken" not in again.text
    assert "set-cookie" not in again.headers


def test_a_subscribe_post_from_the_same_origin_is_taken(front):
    post = blog.post("Talks resume in Geneva")
    front.get(post.url)

    answer = _subscribe(
        front,
        "ana@example.org",
        {"Origin": HOST, "Sec-Fetch-Site": "same-origin", "Referer": HOST + post.url},
    )

    assert answer.status == 302
    assert answer.headers["location"] == "/subscribe/sent/"
    assert Subscriber.objects.get().email == "ana@example.org"
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "Check your inbox" in front.get("/subscribe/sent/").text


def test_a_subscribe_post_from_another_site_is_refused(front):
    post = blog.post("Talks resume in Geneva")
    front.get(post.url)

    answer = _subscribe(
        front, "ana@example.org", {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    )

    assert answer.status == 403
    assert not Subscriber.objects.exists()
    assert not mail.outbox
    # The kept page is untouched by the refused post.
    assert front.get(post.url).hit


def test_an_old_browser_posting_from_another_origin_is_refused(front):
    answer = _subscribe(front, "ana@example.org", {"Origin": "https://evil.example"})

    assert answer.status == 403
    assert not Subscriber.objects.exists()


def test_a_new_category_reaches_the_kept_subscribe_forms(front, django_capture_on_commit_callbacks):
    blog.category("Europe")
    post = blog.post("Talks resume in Geneva")
    front.get(post.url)
    front.get("/subscribe/")
    assert {post.url, "/subscribe/"} <= _kept()

    with django_capture_on_commit_callbacks(execute=True):
        blog.category("Asia")

    assert not {post.url, "/subscribe/"} & _kept()
    assert "Asia" in front.get(post.url).text
    assert "Asia" in front.get("/subscribe/").text


def test_a_subscribers_own_pages_are_never_kept(front):
    reader = subscriber("ana@example.org", name="Ana")
    own_pages = [
        f"/subscribe/manage/{reader.token}/",
        f"/subscribe/unsubscribe/{reader.token}/",
    ]

    for path in own_pages:
        first, again = front.get(path), front.get(path)
        assert first.status == again.status == 200
        assert not again.hit
        assert "private" in again.headers["cache-control"]
    assert "ana@example.org" in front.get(own_pages[0]).text
    assert not set(own_pages) & _kept()


def test_a_form_sent_back_with_errors_is_not_kept(front):
    answer = _subscribe(front, "not an address", {"Origin": HOST})

    assert answer.status == 400
    assert "not an address" in answer.text
    assert "private" in answer.headers["cache-control"]
    assert "/subscribe/" not in _kept()
