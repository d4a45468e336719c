"""Every reader page says how long browsers and a CDN may keep it."""

import pytest

from broadsheet.blog.tests import factories

# Browsers ask again each time; shared caches keep the page until a purge or 5 minutes.
SHARED_CACHE_DIRECTIVES = {"public", "max-age=0", "s-maxage=300", "stale-while-revalidate=60"}

pytestmark = pytest.mark.django_db


def _cache_control(response):
    assert response.status_code in (200, 301), response.status_code
    return {d.strip() for d in response["Cache-Control"].split(",")}


@pytest.fixture
def post():
    return factories.post(
        "Talks resume in Geneva",
        author=factories.author("Lina Haddad", slug="lina-haddad"),
        category=factories.category("Europe", slug="europe"),
        tags=["geneva"],
        date=factories.BASE_DATE,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/blog/",
        "/blog/category/europe/",
        "/blog/tag/geneva/",
        "/author/lina-haddad/",
        "/blog/archive/",
        "/blog/2021/02/",
    ],
)
def test_listing_may_be_kept_by_shared_caches(client, post, url):
    directives = _cache_control(client.get(url))

    assert directives >= SHARED_CACHE_DIRECTIVES


@pytest.mark.parametrize(
    "url",
    ["/", "/blog/", "/blog/category/europe/", "/blog/tag/geneva/", "/author/lina-haddad/"],
)
def test_listing_sets_no_cookie_a_shared_cache_could_hand_to_others(client, post, url):
    response = client.get(url)

    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_post_page_may_be_kept_by_shared_caches(client, post):
    # Its comment and like forms carry no per-reader token (broadsheet.core.origin).
    response = client.get(post.url)

    assert _cache_control(response) >= SHARED_CACHE_DIRECTIVES
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_redirect_from_the_tree_path_may_be_kept_by_shared_caches(client, post):
    directives = _cache_control(client.get("/blog/talks-resume-in-geneva/"))

    assert directives >= SHARED_CACHE_DIRECTIVES


def test_admin_is_never_cached(admin_client, post):
    directives = _cache_control(admin_client.get(f"/admin/pages/{post.pk}/edit/"))

    assert {"no-cache", "no-store", "private"} <= directives
