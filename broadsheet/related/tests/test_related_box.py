"""Related coverage on the post page: read from what the task stored, never worked out
while the page renders, and kept with the page by the page cache."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity
from broadsheet.entities.tests.factories import entity, mention
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tests.front_client import FrontClient
from broadsheet.related import scoring
from broadsheet.related.models import RelatedPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the task, then the purges), as a request would."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def speaker():
    return entity("Mohammad Bagher Qalibaf", slug="qalibaf")


def _publish_about(title, subject, committed):
    """A post published about ``subject``, as an editor tags it (the extraction, which
    runs at the commit, keeps editors' entities whatever the text says)."""
    with committed(execute=True):
        post = factories.post(title)
        mention(post, subject, source="editor")
    return post


def _related_titles(html):
    if 'class="related-posts"' not in html:
        return []
    box = html[html.index('class="related-posts"') :]
    box = box[: box.index("</section>")]
    return re.findall(r'<h3 class="recent-title"[^>]*><a href="[^"]+">([^<]+)</a>', box)


def test_publishing_a_post_fills_related_coverage_on_both_posts(client, speaker, committed):
    first = _publish_about("Speaker visits Moscow", speaker, committed)
    second = _publish_about("Speaker returns to Tehran", speaker, committed)

    assert _related_titles(client.get(first.url).content.decode()) == [second.title]
    html = client.get(second.url).content.decode()
    assert _related_titles(html) == [first.title]
    assert '<h2 id="related-heading">Related coverage</h2>' in html
    # Beside Recent Posts, after it.
    assert html.index('id="recent-heading"') < html.index('id="related-heading"')


def test_a_post_with_nothing_related_shows_no_box(client, committed):
    post = _publish_about("Chess final in Baku", entity("Baku", kind=Entity.Kind.CITY), committed)

    assert 'class="related-posts"' not in client.get(post.url).content.decode()


@pytest.mark.usefixtures("page_cache")
def test_a_kept_post_page_with_related_coverage_is_read_without_a_query(speaker, committed):
    first = _publish_about("Speaker visits Moscow", speaker, committed)
    _publish_about("Speaker returns to Tehran", speaker, committed)
    front = FrontClient()
    kept = front.get(first.url)

    with CaptureQueriesContext(connection) as queries:
        again = front.get(first.url)

    assert _related_titles(kept.text) == ["Speaker returns to Tehran"]
    assert again.hit
    assert again.body == kept.body
    assert len(queries) == 0


def test_rendering_the_box_never_scores_posts(client, speaker, committed, monkeypatch):
    first = _publish_about("Speaker visits Moscow", speaker, committed)
    _publish_about("Speaker returns to Tehran", speaker, committed)

    def scoring_in_a_render(*args, **kwargs):
        raise AssertionError("Related coverage was worked out while rendering a page")

    monkeypatch.setattr(scoring, "scores_for", scoring_in_a_render)
    monkeypatch.setattr("broadsheet.related.services.scores_for", scoring_in_a_render)

    assert _related_titles(client.get(first.url).content.decode()) == ["Speaker returns to Tehran"]


def test_the_box_costs_the_same_queries_with_or_without_related_posts(client, speaker, committed):
    first = _publish_about("Speaker visits Moscow", speaker, committed)
    _publish_about("Speaker returns to Tehran", speaker, committed)
    client.get(first.url)  # Warm what every page reads once per process (site, settings).

    with CaptureQueriesContext(connection) as shown:
        with_box = client.get(first.url).content.decode()
    RelatedPost.objects.all().delete()
    with CaptureQueriesContext(connection) as empty:
        without_box = client.get(first.url).content.decode()

    assert _related_titles(with_box)
    assert not _related_titles(without_box)
    assert len(shown) == len(empty)


@pytest.mark.usefixtures("page_cache")
def test_a_new_related_post_throws_away_the_kept_pages_it_enters(speaker, committed):
    first = _publish_about("Speaker visits Moscow", speaker, committed)
    elsewhere = _publish_about("Chess in Baku", entity("Baku", kind=Entity.Kind.CITY), committed)
    front = FrontClient()
    assert _related_titles(front.get(first.url).text) == []
    front.get(elsewhere.url)

    _publish_about("Speaker returns to Tehran", speaker, committed)

    kept = set(page_store().urls())
    assert f"http://testserver{first.url}" not in kept
    assert _related_titles(front.get(first.url).text) == ["Speaker returns to Tehran"]


@pytest.mark.usefixtures("page_cache")
def test_an_unpublished_post_leaves_the_related_coverage_of_kept_pages(speaker, committed):
    first = _publish_about("Speaker visits Moscow", speaker, committed)
    second = _publish_about("Speaker returns to Tehran", speaker, committed)
    front = FrontClient()
    assert _related_titles(front.get(first.url).text) == [second.title]

    with committed(execute=True):
        second.unpublish()

    assert _related_titles(front.get(first.url).text) == []
    assert not RelatedPost.objects.filter(related=second).exists()


def test_republishing_an_edited_post_refreshes_its_words(client, committed):
    saffron = "Saffron farmers in Khorasan expect a poor saffron harvest."
    with committed(execute=True):
        post = factories.post("Saffron harvest", paragraphs=[saffron])
        factories.post("Saffron prices", paragraphs=["Saffron exporters blame the harvest."])
        for n in range(8):
            factories.post(f"Chess round {n}", paragraphs=["Chess in Baku."])
    assert _related_titles(client.get(post.url).content.decode()) == ["Saffron prices"]

    with committed(execute=True):
        post.title = "Chess round tiebreak"
        post.body = factories.paragraphs_body("Chess tiebreak in Baku tonight.")
        post_publish(post=post)

    assert "Saffron prices" not in _related_titles(client.get(post.url).content.decode())
