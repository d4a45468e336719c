"""Readers are told apart by a hash that changes daily and keeps no address."""

import datetime as dt

import pytest
from django.test import RequestFactory

from broadsheet.engagement import readers
from broadsheet.engagement.models import DailyView, Like
from broadsheet.engagement.view_counter import view_counter

IP = "203.0.113.7"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
MAR_1 = dt.date(2021, 3, 1)


def _hash(**changes):
    parts = {"ip": IP, "user_agent": FIREFOX, "post_id": 7, "day": MAR_1, **changes}
    return readers.reader_hash(**parts)


@pytest.mark.django_db
def test_stored_hashes_do_not_hold_the_address(client, post):
    client.post(f"/post/{post.slug}/like/", headers={"user-agent": FIREFOX}, REMOTE_ADDR=IP)
    client.get(f"/seen/{post.pk}.gif", headers={"user-agent": FIREFOX}, REMOTE_ADDR=IP)
    view_counter.flush()

    stored = [row.reader_hash for row in [Like.objects.get(), DailyView.objects.get()]]

    for reader_hash in stored:
        assert len(reader_hash) == 64
        assert IP not in reader_hash
        assert IP.replace(".", "") not in reader_hash
        assert IP.encode().hex() not in reader_hash


def test_hash_changes_with_the_day():
    assert _hash() != _hash(day=MAR_1 + dt.timedelta(days=1))


def test_hash_is_the_same_all_day():
    assert _hash() == _hash()


@pytest.mark.parametrize(
    "change", [{"ip": "198.51.100.23"}, {"user_agent": "Other/1.0"}, {"post_id": 8}]
)
def test_hash_tells_readers_and_posts_apart(change):
    assert _hash() != _hash(**change)


def test_hash_depends_on_the_secret_key(settings):
    before = _hash()
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"

    assert _hash() != before


@pytest.mark.parametrize(
    "user_agent",
    [
        FIREFOX,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
    ],
)
def test_browsers_are_not_bots(user_agent):
    assert not readers.is_bot(user_agent)


def test_address_is_the_direct_peer_unless_proxies_are_trusted():
    request = RequestFactory().get(
        "/", headers={"x-forwarded-for": "192.0.2.1, 198.51.100.23"}, REMOTE_ADDR="10.0.0.2"
    )

    assert readers.client_ip(request) == "10.0.0.2"


def test_address_behind_one_trusted_proxy_is_the_one_it_saw(settings):
    settings.ENGAGEMENT_TRUSTED_PROXIES = 1
    # The reader wrote the first address themselves; the proxy appended the second.
    request = RequestFactory().get(
        "/", headers={"x-forwarded-for": "192.0.2.1, 198.51.100.23"}, REMOTE_ADDR="10.0.0.2"
    )

    assert readers.client_ip(request) == "198.51.100.23"


def test_address_behind_a_trusted_proxy_without_forwarding_header_is_the_peer(settings):
    settings.ENGAGEMENT_TRUSTED_PROXIES = 1

    assert readers.client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
