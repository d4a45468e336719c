"""Readers' forms refuse requests that a browser says another site made."""

import pytest
from django.test import RequestFactory, override_settings

from broadsheet.core.origin import is_cross_origin

factory = RequestFactory()


def _post(**headers):
    return factory.post("/post/x/comments/", headers=headers)


@pytest.mark.parametrize("fetch_site", ["same-origin", "none", "SAME-ORIGIN"])
def test_browser_saying_same_site_is_let_through(fetch_site):
    assert not is_cross_origin(_post(**{"Sec-Fetch-Site": fetch_site}))


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site"])
def test_browser_saying_another_site_is_refused(fetch_site):
    # same-site is a sibling subdomain: another origin, as far as a form is concerned.
    assert is_cross_origin(_post(**{"Sec-Fetch-Site": fetch_site}))


def test_sec_fetch_site_wins_over_a_matching_origin():
    request = _post(**{"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"})

    assert is_cross_origin(request)


def test_older_browser_origin_must_be_the_host_asked_for():
    assert not is_cross_origin(_post(Origin="http://testserver"))
    assert is_cross_origin(_post(Origin="https://elsewhere.example"))
    assert is_cross_origin(_post(Origin="null"))


def test_request_without_either_header_is_no_browser_and_passes():
    assert not is_cross_origin(_post())


def test_safe_methods_are_never_refused():
    request = factory.get("/", headers={"Sec-Fetch-Site": "cross-site"})

    assert not is_cross_origin(request)


@override_settings(CSRF_TRUSTED_ORIGINS=["https://news.example.org"])
def test_trusted_origin_passes_though_another_host():
    request = _post(**{"Sec-Fetch-Site": "cross-site", "Origin": "https://news.example.org"})

    assert not is_cross_origin(request)
