"""/topic/<slug>/: what a reader sees of one entity and the posts about it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity
from broadsheet.entities.tests.factories import entity, mention

pytestmark = pytest.mark.django_db


def _day(year, month, day=10):
    return timezone.make_aware(dt.datetime.combine(dt.date(year, month, day), dt.time(12)))


@pytest.fixture
def qalibaf():
    return entity(
        "Mohammad Bagher Qalibaf",
        slug="qalibaf",
        kind=Entity.Kind.PERSON,
        aliases=["Ghalibaf", "Muhammad Baqir Qalibaf"],
        description="Speaker of Iran's parliament since 2020.",
    )


def _titles(html):
    return re.findall(r'class="card-title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_topic_page_shows_the_entity_and_its_posts_newest_first(client, qalibaf):
    older = factories.post("Speaker visits Moscow", date=_day(2024, 1))
    newer = factories.post("Speaker returns to Tehran", date=_day(2024, 3))
    unrelated = factories.post("Weather in Oslo", date=_day(2024, 2))
    mention(older, qalibaf, count=3)
    mention(newer, qalibaf, count=1)

    response = client.get("/topic/qalibaf/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mohammad Bagher Qalibaf</h1>" in html
    assert "Person" in html
    assert "Ghalibaf" in html
    assert "Muhammad Baqir Qalibaf" in html
    assert "Speaker of Iran&#x27;s parliament since 2020." in html
    assert _titles(html) == ["Speaker returns to Tehran", "Speaker visits Moscow"]
    assert unrelated.title not in html
    assert f'href="{newer.url}"' in html
    assert "2 posts" in html
    assert "public" in response["Cache-Control"]


def test_drafts_and_removed_mentions_stay_off_the_topic_page(client, qalibaf):
    shown = factories.post("Shown")
    draft = factories.post("A draft about him", publish=False)
    removed = factories.post("Removed by an editor")
    mention(shown, qalibaf)
    mention(draft, qalibaf)
    mention(removed, qalibaf, excluded=True)

    html = client.get("/topic/qalibaf/").content.decode()

    assert _titles(html) == ["Shown"]
    assert "1 post ·" in html


def test_topic_pages_are_paginated_like_listings(client, qalibaf):
    for n in range(13):
        mention(factories.post(f"Story {n:02d}", date=_day(2023, 1, n + 1)), qalibaf)

    first = client.get("/topic/qalibaf/").content.decode()
    second = client.get("/topic/qalibaf/?page=2").content.decode()

    assert len(_titles(first)) == 12
    assert _titles(first)[0] == "Story 12"
    assert _titles(second) == ["Story 00"]
    assert "Page 2 of 2" in second
    assert 'rel="next" href="?page=2"' in first
    assert client.get("/topic/qalibaf/?page=3").status_code == 404
    assert _titles(client.get("/topic/qalibaf/?page=x").content.decode())[0] == "Story 12"


def test_unknown_topic_is_not_found(client):
    assert client.get("/topic/nobody/").status_code == 404


def test_chart_draws_a_bar_per_month_with_posts_and_says_it_in_a_table(client, qalibaf):
    for day, month in [(1, 1), (2, 1), (3, 1), (5, 3)]:
        mention(factories.post(f"Story {month}-{day}", date=_day(2024, month, day)), qalibaf)

    html = client.get("/topic/qalibaf/").content.decode()

    svg = html[html.index('<svg class="month-chart"') : html.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title>January 2024: 3 posts</title>" in svg
    assert "<title>March 2024: 1 post</title>" in svg
    assert svg.count("<rect") == 2  # February had none: a gap, no bar.
    assert "4 posts from January 2024 to March 2024; the most in January 2024 (3)." in html
    table = html[html.index("<table>") : html.index("</table>")]
    rows = re.findall(r"<th scope=\"row\">.*?>([^<]+)</time></th><td>(\d+)</td>", table)
    assert rows == [("January 2024", "3"), ("March 2024", "1")]


def test_entities_mentioned_with_it_are_listed_most_shared_first(client, qalibaf):
    russia = entity("Russia", kind=Entity.Kind.COUNTRY)
    iran = entity("Iran", kind=Entity.Kind.COUNTRY)
    lonely = entity("Nobody Else")
    for n in range(3):
        post = factories.post(f"Story {n}")
        mention(post, qalibaf)
        mention(post, iran)
        if n == 0:
            mention(post, russia)
    mention(factories.post("Elsewhere"), lonely)

    html = client.get("/topic/qalibaf/").content.decode()

    section = html[html.index('class="topic-companions"') :]
    section = section[: section.index("</section>")]
    assert re.findall(r'<a href="/topic/([^/]+)/">', section) == ["iran", "russia"]
    assert "(3 posts)" in section
    assert "(1 post)" in section
    assert "Nobody Else" not in section


def test_topic_feed_lists_the_posts_that_mention_it(client, qalibaf):
    about = factories.post("Speaker visits Moscow")
    factories.post("Weather in Oslo")
    mention(about, qalibaf)

    rss = client.get("/topic/qalibaf/feed/")
    atom = client.get("/topic/qalibaf/feed/atom/")

    assert rss.status_code == atom.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    text = rss.content.decode()
    assert "<title>Speaker visits Moscow</title>" in text
    assert "Weather in Oslo" not in text
    assert "Mohammad Bagher Qalibaf · Test Desk" in text
    assert "Speaker visits Moscow" in atom.content.decode()
    page = client.get("/topic/qalibaf/").content.decode()
    assert 'type="application/rss+xml"' in page
    assert 'href="/topic/qalibaf/feed/"' in page
