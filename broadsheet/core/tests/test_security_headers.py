"""Security headers on every reader page, and the admin's own framing rule."""

import pytest

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

READER_URLS = [
    "/",
    "/blog/",
    "/post/talks-resume-in-geneva/",
    "/blog/talks-resume-in-geneva/",
    "/author/lina-haddad/",
    "/blog/category/europe/",
    "/blog/tag/geneva/",
    "/post/no-such-post/",
]


@pytest.fixture
def post():
    return factories.post(
        "Talks resume in Geneva",
        author=factories.author("Lina Haddad", slug="lina-haddad"),
        category=factories.category("Europe", slug="europe"),
        tags=["geneva"],
    )


def _csp(response):
    """The policy as {directive: [sources]}."""
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


@pytest.mark.parametrize("url", READER_URLS)
def test_script_runs_only_from_the_site_itself(client, post, url):
    script_src = _csp(client.get(url))["script-src"]

    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src


@pytest.mark.parametrize("url", READER_URLS)
def test_reader_pages_refuse_to_be_framed(client, post, url):
    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert _csp(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("url", READER_URLS)
def test_content_type_is_not_sniffed_and_referrer_is_strict(client, post, url):
    response = client.get(url)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"strict-origin-when-cross-origin", "same-origin"}


def test_admin_may_be_framed_by_itself_only_for_live_preview(admin_client, post):
    response = admin_client.get(f"/admin/pages/{post.pk}/edit/")

    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert _csp(response)["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in _csp(response)["script-src"]
