"""/topics/: every entity the posts mention, by kind, and the world map of countries."""

import json
import re

import pytest

from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity
from broadsheet.entities.tests.factories import entity, mention
from broadsheet.topics.worldmap import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Iran in three posts, Russia in one, Moscow in one, a person in two; Norway known
    but only in a draft; Singapore too small to draw at 1:110m."""
    iran = entity("Iran", kind=Entity.Kind.COUNTRY, code="IR")
    russia = entity("Russia", kind=Entity.Kind.COUNTRY, code="RU")
    norway = entity("Norway", kind=Entity.Kind.COUNTRY, code="NO")
    singapore = entity("Singapore", kind=Entity.Kind.COUNTRY, code="SG")
    moscow = entity("Moscow", kind=Entity.Kind.CITY, country=russia)
    speaker = entity("Mohammad Bagher Qalibaf", slug="qalibaf")
    posts = [factories.post(f"Story {n}") for n in range(3)]
    for post in posts:
        mention(post, iran)
    mention(posts[0], russia)
    mention(posts[0], moscow)
    mention(posts[0], speaker)
    mention(posts[1], speaker)
    mention(posts[2], singapore)
    mention(factories.post("Draft", publish=False), norway)
    return {"iran": iran, "russia": russia, "norway": norway, "singapore": singapore}


def _section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_index_groups_entities_by_kind_with_their_post_counts(client, world):
    response = client.get("/topics/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    countries = _section(html, "topics-country")
    assert countries.startswith('id="topics-country">Countries</h2>')
    assert re.findall(
        r'<a href="/topic/[^"]+">([^<]+)</a> <span class="count">\((\d+)', countries
    ) == [
        ("Iran", "3"),
        ("Russia", "1"),
        ("Singapore", "1"),
    ]
    assert "Moscow" in _section(html, "topics-city")
    assert 'id="topics-person">People</h2>' in html
    assert 'Mohammad Bagher Qalibaf</a> <span class="count">(2 posts)' in _section(
        html, "topics-person"
    )
    assert "Norway" not in html  # Only a draft mentions it.
    assert 'id="topics-organisation"' not in html


def test_map_links_each_shaded_country_to_its_topic_page(client, world):
    html = client.get("/topics/").content.decode()

    svg = html[html.index('<svg class="map"') : html.index("</svg>")]
    links = re.findall(
        r'<a href="([^"]+)" class="map-level-(\d)"><title>([^<]+)</title><path d="M', svg
    )
    assert sorted(links) == [
        ("/topic/iran/", "5", "Iran: 3 posts"),
        ("/topic/russia/", "3", "Russia: 1 post"),
    ]
    shapes = json.loads(DATA.read_text())["countries"]
    # Every other country is drawn, unlinked and hidden from screen readers.
    assert svg.count('<path class="map-land" aria-hidden="true"') == len(shapes) - 2
    assert "<title" in svg
    assert 'aria-labelledby="map-title"' in svg


def test_map_has_a_list_of_the_same_countries_in_words(client, world):
    html = client.get("/topics/").content.decode()

    listed = html[html.index('class="map-list"') :]
    listed = listed[: listed.index("</details>")]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: (\d+) posts?', listed) == [
        ("/topic/iran/", "Iran", "3"),
        ("/topic/russia/", "Russia", "1"),
        ("/topic/singapore/", "Singapore", "1"),
    ]
    assert "Singapore</a>: 1 post (too small to draw at this scale)" in listed
    legend = html[html.index('class="map-legend"') : html.index("</figcaption>")]
    assert "1 post" in legend
    assert "3 posts" in legend


def test_index_without_any_mention_says_so(client, blog_index):
    html = client.get("/topics/").content.decode()

    assert "No post mentions a topic yet." in html
    assert '<svg class="map"' not in html


def test_map_data_names_its_source_and_licence():
    data = json.loads(DATA.read_text())

    assert "Natural Earth" in data["source"]
    assert "public domain" in data["licence"]
    assert {"IR", "RU", "US", "FR", "BR", "AU", "CN", "IN"} <= data["countries"].keys()
    assert all(
        re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", c["d"]) for c in data["countries"].values()
    )
