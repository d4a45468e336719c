"""Rate limits on comments: per reader, per address and per post, set in Settings → Comments."""

import urllib.parse

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Safari/604.1"


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


@pytest.fixture
def limits():
    def set_limits(**values):
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        for name, value in values.items():
            setattr(settings, name, value)
        settings.save()

    return set_limits


def _post_comment(client, post, *, body="My thoughts.", ip="203.0.113.7", user_agent=FIREFOX):
    return client.post(
        f"/post/{post.slug}/comments/",
        {"author_name": "Reader One", "body": body},
        headers={"user-agent": user_agent},
        REMOTE_ADDR=ip,
    )


def test_a_reader_over_the_limit_gets_a_429_that_keeps_the_text(client, post, limits):
    limits(reader_limit_per_hour=3)
    for n in range(3):
        assert _post_comment(client, post, body=f"Comment {n}").status_code == 302

    response = _post_comment(client, post, body="The fourth, carefully written.")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#comment-form textarea").get_text().strip() == (
        "The fourth, carefully written."
    )
    assert "posted several comments in a short time" in soup.select_one(".errors").get_text()
    assert Comment.objects.count() == 3
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("page_cache")
def test_the_429_with_one_readers_text_is_never_handed_to_another(post, limits):
    limits(reader_limit_per_hour=1)
    front = FrontClient()
    form = {"author_name": "Reader One", "body": "Only mine to see."}
    headers = {
        "Origin": "http://testserver",
        "User-Agent": FIREFOX,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = urllib.parse.urlencode(form).encode()
    comments_url = f"/post/{post.slug}/comments/"
    assert front.request("POST", comments_url, headers=headers, body=body).status == 302

    refused = front.request("POST", comments_url, headers=headers, body=body)
    front.get(post.url)
    kept = front.get(post.url)

    assert refused.status == 429
    assert "Only mine to see." in refused.text
    assert "private" in refused.headers["cache-control"]
    assert kept.hit
    assert "Only mine to see." not in kept.text


def test_default_limit_lets_ten_comments_an_hour_through_from_one_reader(client, post):
    codes = [_post_comment(client, post, body=f"Comment {n}").status_code for n in range(12)]

    assert codes == [302] * 10 + [429] * 2


def test_another_browser_at_the_same_address_is_another_reader(client, post, limits):
    limits(reader_limit_per_hour=1)
    _post_comment(client, post)

    assert _post_comment(client, post).status_code == 429
    assert _post_comment(client, post, user_agent=SAFARI).status_code == 302


def test_one_address_is_limited_whatever_the_browser(client, post, limits):
    limits(reader_limit_per_hour=10, address_limit_per_hour=3)
    codes = [_post_comment(client, post, user_agent=f"Browser {n}").status_code for n in range(4)]

    assert codes == [302, 302, 302, 429]
    assert _post_comment(client, post, ip="198.51.100.9").status_code == 302


def test_a_post_takes_at_most_its_limit_from_everyone(client, post, limits):
    limits(post_limit_per_hour=2)
    other_post = factories.post("Elections called in Lisbon")
    for n in range(2):
        _post_comment(client, post, ip=f"198.51.100.{n}")

    response = _post_comment(client, post, ip="198.51.100.77")

    assert response.status_code == 429
    assert "receiving a great many comments" in response.content.decode()
    assert _post_comment(client, other_post, ip="198.51.100.77").status_code == 302


def test_zero_turns_a_limit_off(client, post, limits):
    limits(reader_limit_per_hour=0, address_limit_per_hour=0, post_limit_per_hour=0)

    codes = {_post_comment(client, post, body=f"Comment {n}").status_code for n in range(15)}

    assert codes == {302}


def test_an_invalid_form_does_not_use_up_the_limit(client, post, limits):
    limits(reader_limit_per_hour=1)
    client.post(f"/post/{post.slug}/comments/", {"author_name": "", "body": "x"})

    assert _post_comment(client, post, ip="127.0.0.1").status_code == 302


def test_limits_are_in_the_comments_settings_panel(admin_client):
    site = Site.objects.get(is_default_site=True)

    html = admin_client.get(f"/admin/settings/comments/commentsettings/{site.pk}/").content

    soup = BeautifulSoup(html, "html.parser")
    labels = {label.get_text(strip=True).rstrip("*") for label in soup("label")}
    assert {
        "Comments per reader per hour",
        "Comments per address per hour",
        "Comments per post per hour",
        "Score comments for spam",
    } <= labels
