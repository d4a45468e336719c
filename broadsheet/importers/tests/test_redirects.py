import pytest
from wagtail.contrib.redirects.models import Redirect

from broadsheet.blog.tests import factories
from broadsheet.importers.records import PostKind
from broadsheet.importers.redirects import old_path
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.tests.factories import post_record
from broadsheet.importers.writer import ArchiveWriter

SLUG = "talks-resume-in-geneva"
OLD_URLS = (
    f"https://geneva-desk.wixsite.com/post/{SLUG}",  # Wix
    "http://old.example/?p=123",  # WordPress, plain
    f"https://old.example/2021/02/09/{SLUG}/",  # WordPress, dated
    "/talks-in-geneva/",  # Ghost
    f"https://medium.com/@desk/{SLUG}-3f2a9c1b7e4d",  # Medium
    "/?page_id=7&lang=fr",
)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://old.example/2021/02/09/talks/", "/2021/02/09/talks"),
        ("http://old.example/?p=123", "/?p=123"),
        ("/?page_id=7&lang=fr", "/?lang=fr&page_id=7"),
        ("https://old.example", "/"),
        ("//old.example/post/talks#comments", "/post/talks"),
        ("https://medium.com/@desk/talks-3f2a", "/@desk/talks-3f2a"),
        ("/café/", "/café"),
        ("/caf%C3%A9/", "/café"),
        ("mailto:desk@example.com", None),
        ("talks.html", None),
        ("javascript:alert(1)", None),
    ],
)
def test_old_path_is_the_path_and_query_wagtail_stores_or_none(url, path):
    assert old_path(url) == path


@pytest.mark.django_db
def test_every_old_address_answers_with_a_permanent_redirect_to_the_post(client):
    changes = ArchiveWriter().post_store(post_record(slug=SLUG, old_urls=OLD_URLS))

    # Wix's /post/<slug> is the post's own address, bar the slash Django adds.
    assert changes.counts[Kind.REDIRECT, Outcome.SKIPPED] == 1
    assert changes.counts[Kind.REDIRECT, Outcome.CREATED] == 5
    for path in (
        f"/post/{SLUG}",
        "/?p=123",
        f"/2021/02/09/{SLUG}/",
        f"/2021/02/09/{SLUG}",
        "/talks-in-geneva/",
        f"/@desk/{SLUG}-3f2a9c1b7e4d",
        "/?lang=fr&page_id=7",
    ):
        response = client.get(path)
        assert (path, response.status_code, response["Location"]) == (path, 301, f"/post/{SLUG}/")


@pytest.mark.django_db
def test_the_home_page_still_answers_a_query_that_no_redirect_names(client):
    ArchiveWriter().post_store(post_record(slug=SLUG, old_urls=OLD_URLS))

    assert client.get("/?p=999").status_code == 200
    assert client.get("/?utm_source=feed").status_code == 200


@pytest.mark.django_db
def test_importing_again_updates_redirects_and_never_copies_them():
    record = post_record(slug=SLUG, old_urls=OLD_URLS)
    ArchiveWriter().post_store(record)
    # An editor had pointed one old address elsewhere.
    other = factories.post("Another story")
    Redirect.objects.filter(old_path="/?p=123").update(redirect_page=other)

    changes = ArchiveWriter().post_store(record)

    assert changes.counts[Kind.REDIRECT, Outcome.UNCHANGED] == 4
    assert changes.counts[Kind.REDIRECT, Outcome.UPDATED] == 1
    assert Redirect.objects.count() == 5
    assert Redirect.objects.get(old_path="/?p=123").redirect_page.specific.slug == SLUG
    assert set(Redirect.objects.values_list("site", "is_permanent")) == {(None, True)}


@pytest.mark.django_db
def test_a_pages_old_address_leads_to_the_page(client):
    ArchiveWriter().post_store(
        post_record(
            kind=PostKind.PAGE,
            slug="about",
            old_urls=("/about-us/", "https://old.example/about/", "not an address"),
        )
    )

    response = client.get("/about-us/")

    assert (response.status_code, response["Location"]) == (301, "/about/")
    assert client.get("/about/").status_code == 200
    assert Redirect.objects.count() == 1
