"""On each post: its entities as links to their topic pages, and in its JSON-LD."""

import pytest

from broadsheet.blog.tests import factories
from broadsheet.blog.tests.markup import json_ld, soup
from broadsheet.entities.models import Entity
from broadsheet.entities.tests.factories import entity, mention

pytestmark = pytest.mark.django_db
HOST = "news.example.org"


@pytest.fixture
def post():
    post = factories.post("Speaker visits Moscow")
    iran = entity("Iran", kind=Entity.Kind.COUNTRY, code="IR")
    russia = entity("Russia", kind=Entity.Kind.COUNTRY, code="RU")
    moscow = entity("Moscow", kind=Entity.Kind.CITY)
    speaker = entity("Mohammad Bagher Qalibaf", slug="qalibaf")
    duma = entity("State Duma", kind=Entity.Kind.ORGANISATION)
    removed = entity("Someone Removed")
    mention(post, iran, count=4)
    mention(post, speaker, count=5)
    mention(post, russia, count=3)
    mention(post, moscow, count=1)
    mention(post, duma, count=0, source="editor")
    mention(post, removed, count=9, excluded=True)
    return post


def test_post_links_to_the_topic_page_of_each_entity_most_mentioned_first(client, post):
    page = soup(client.get(post.url))

    box = page.find("nav", class_="post-entities")
    links = [(a.get_text(), a["href"]) for a in box.find_all("a")]
    assert links == [
        ("Mohammad Bagher Qalibaf", "/topic/qalibaf/"),
        ("Iran", "/topic/iran/"),
        ("Russia", "/topic/russia/"),
        ("Moscow", "/topic/moscow/"),
        ("State Duma", "/topic/state-duma/"),
    ]
    assert box["aria-label"] == "Topics in this post"
    assert "Someone Removed" not in page.get_text()


def test_json_ld_says_what_the_post_is_about_and_what_it_mentions(client, post):
    page = soup(client.get(post.url, HTTP_HOST=HOST, secure=True))

    article = json_ld(page)["NewsArticle"]
    assert article["about"] == [
        {
            "@type": "Person",
            "name": "Mohammad Bagher Qalibaf",
            "url": f"https://{HOST}/topic/qalibaf/",
        },
        {"@type": "Country", "name": "Iran", "url": f"https://{HOST}/topic/iran/"},
        {"@type": "Country", "name": "Russia", "url": f"https://{HOST}/topic/russia/"},
        # Added by an editor: the text never names it, the editor says it is a subject.
        {"@type": "Organization", "name": "State Duma", "url": f"https://{HOST}/topic/state-duma/"},
    ]
    assert article["mentions"] == [
        {"@type": "City", "name": "Moscow", "url": f"https://{HOST}/topic/moscow/"}
    ]


def test_post_without_entities_shows_no_box_and_no_about(client):
    post = factories.post("Nothing in particular")

    page = soup(client.get(post.url))

    assert page.find("nav", class_="post-entities") is None
    assert "about" not in json_ld(page)["NewsArticle"]
