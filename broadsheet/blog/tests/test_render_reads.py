"""What a post page reads from the database when the page cache must render it again.

After a post is published, every post page is thrown away (Recent Posts changed). Each
is rendered again on its next read; that render reads the post, its neighbours and what
the publication changed, not the site, its settings or its privacy restrictions, which
only changes that throw every page away can change (core.memo.remember_site_wide).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from broadsheet.blog.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

SITE_WIDE_TABLES = ("wagtailcore_site", "wagtailcore_pageviewrestriction", "blog_blogindexpage")


@pytest.fixture
def two_posts(blog_index):
    europe = factories.category("Europe")
    older = factories.post("Talks resume", category=europe, tags=["geneva"])
    newer = factories.post("Grain deal", category=europe)
    factories.comment(newer, body="Good news.")
    return older, newer


def _render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.get("X-Cache") != "hit"
    return response, [query["sql"] for query in queries]


def test_after_a_publication_a_post_page_reads_what_changed_and_not_the_site(
    client, two_posts, django_capture_on_commit_callbacks
):
    older, newer = two_posts
    client.get(older.url)
    client.get(newer.url)

    with django_capture_on_commit_callbacks(execute=True):
        factories.post("Ceasefire holds")
    response, reads = _render(client, newer.url)

    assert "Ceasefire holds" in response.text  # In Recent Posts, read afresh.
    assert "Good news." in response.text
    assert not [sql for sql in reads if any(table in sql for table in SITE_WIDE_TABLES)]
    assert len(reads) <= 8


def test_a_privacy_restriction_hides_the_post_at_once_from_a_page_read_before(
    client, two_posts, django_capture_on_commit_callbacks
):
    older, _ = two_posts
    assert client.get(older.url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=older, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(older.url).status_code == 404


def test_a_site_renamed_shows_its_new_name_on_a_post_page_read_before(
    client, two_posts, django_capture_on_commit_callbacks
):
    older, _ = two_posts
    client.get(older.url)

    with django_capture_on_commit_callbacks(execute=True):
        site = Site.objects.get(is_default_site=True)
        site.site_name = "The Newsroom"
        site.save()
    response, reads = _render(client, older.url)

    assert "The Newsroom" in response.text
    assert any("wagtailcore_site" in sql for sql in reads)
