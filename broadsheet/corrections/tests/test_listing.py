"""/corrections/ and its feed: every correction on a published post, newest first."""

import datetime as dt

import defusedxml.ElementTree as ET
import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories
from broadsheet.corrections.tests.factories import NOTE_DATE, republish_with_note
from broadsheet.corrections.views import CORRECTIONS_PER_PAGE

pytestmark = pytest.mark.django_db


def _notes(client, path="/corrections/"):
    response = client.get(path)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [item.h2.get_text(strip=True) for item in soup.select(".correction")]


@pytest.fixture
def corrected(blog_index):
    """Three posts corrected on 5, 6 and 7 March; a fourth only updated."""
    posts = []
    for n in range(3):
        post = factories.post(f"Story {n}", paragraphs=["Before."])
        republish_with_note(
            post, paragraphs=["After."], note=f"Fix {n}.", at=NOTE_DATE + dt.timedelta(days=n)
        )
        posts.append(post)
    updated = factories.post("Updated story", paragraphs=["Before."])
    republish_with_note(updated, paragraphs=["More."], kind="update", note="Adds more.")
    return posts


def test_lists_corrections_newest_first_without_updates(client, corrected):
    assert _notes(client) == ["Story 2", "Story 1", "Story 0"]


def test_a_correction_to_a_post_no_longer_published_is_not_listed(client, corrected):
    corrected[1].unpublish()
    assert _notes(client) == ["Story 2", "Story 0"]


def test_pages_of_corrections(client, blog_index):
    post = factories.post("Often wrong", paragraphs=["Text 0."])
    for n in range(CORRECTIONS_PER_PAGE + 1):
        republish_with_note(
            post,
            paragraphs=[f"Text {n + 1}."],
            note=f"Fix {n}.",
            at=NOTE_DATE + dt.timedelta(hours=n),
        )
    first = client.get("/corrections/").content.decode()
    assert f"Fix {CORRECTIONS_PER_PAGE}." in first
    assert "Fix 0." not in first
    second = client.get("/corrections/?page=2").content.decode()
    assert "Fix 0." in second
    assert "Page 2 of 2" in second
    assert client.get("/corrections/?page=oops").status_code == 200
    assert client.get("/corrections/?page=3").status_code == 404


def test_an_empty_list_says_so(client, blog_index):
    assert "No corrections so far." in client.get("/corrections/").content.decode()


def test_feed_has_each_correction_newest_first_escaped(client, blog_index):
    post = factories.post("Q&A: <b>tags</b>", paragraphs=["Before."])
    correction = republish_with_note(
        post, paragraphs=["After."], note="Said <i>Monday</i> & meant Tuesday."
    )
    response = client.get("/corrections/feed/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    (item,) = channel.findall("item")
    # RSS readers take titles as HTML: escaped once more, they show as written.
    assert item.findtext("title") == "Correction to “Q&amp;A: &lt;b&gt;tags&lt;/b&gt;”"
    assert item.findtext("description") == "Said &lt;i&gt;Monday&lt;/i&gt; &amp; meant Tuesday."
    assert item.findtext("link") == f"http://testserver/corrections/{correction.pk}/"
    assert "2024" in item.findtext("pubDate")


def test_feed_is_linked_from_the_list(client, blog_index):
    soup = BeautifulSoup(client.get("/corrections/").content, "html.parser")
    assert soup.find("link", rel="alternate", href="/corrections/feed/") is not None
