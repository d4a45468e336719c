"""Readers see a post's corrections and updates at its end, dated, and "Updated" on top."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories
from broadsheet.corrections.tests.factories import NOTE_DATE, republish_with_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(blog_index):
    return factories.post("Vote in the Majlis", paragraphs=["The vote was held on Monday."])


def _soup(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _news_article(soup) -> dict:
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle JSON-LD")


def test_a_post_without_notes_shows_neither_notes_nor_updated(client, post):
    soup = _soup(client, post)
    assert soup.select_one(".post-notes") is None
    assert soup.select_one(".byline-updated") is None
    assert "correction" not in _news_article(soup)


def test_notes_are_listed_at_the_end_with_their_kind_and_date(client, post):
    republish_with_note(
        post, paragraphs=["The vote was held on Tuesday."], note="The vote was on Tuesday."
    )
    republish_with_note(
        post,
        paragraphs=["The vote was held on Tuesday.", "It passed."],
        kind="update",
        note="Adds the result.",
        at=NOTE_DATE + dt.timedelta(days=2),
    )
    soup = _soup(client, post)
    notes = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".post-note")]
    assert notes[0].startswith("Correction, 5 March 2024 : The vote was on Tuesday.")
    assert notes[1].startswith("Update, 7 March 2024 : Adds the result.")
    # After the post's words, inside the article.
    article = soup.select_one("article.post")
    assert article.select_one(".post-body").find_next_sibling(class_="post-notes") is not None


def test_byline_says_when_the_post_was_last_updated(client, post):
    republish_with_note(post, paragraphs=["Tuesday."], note="Wrong day.")
    updated = _soup(client, post).select_one(".byline .byline-updated")
    assert updated.get_text(" ", strip=True) == "Updated Mar 5, 2024"
    assert updated.time["datetime"].startswith("2024-03-05")


def test_json_ld_carries_the_corrections_but_not_the_updates(client, post):
    republish_with_note(post, paragraphs=["Tuesday."], note="Wrong <b>day</b> & date.")
    republish_with_note(post, paragraphs=["Tuesday. It passed."], kind="update", note="Result.")
    article = _news_article(_soup(client, post))
    assert article["dateModified"]
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Wrong <b>day</b> & date.",
            "datePublished": article["correction"][0]["datePublished"],
        }
    ]
    assert article["correction"][0]["datePublished"].startswith("2024-03-05")


def test_a_note_is_shown_as_text_not_markup(client, post):
    republish_with_note(post, paragraphs=["Tuesday."], note="<script>alert(1)</script> fixed")
    page = client.get(post.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fixed" in page
    assert "<script>alert(1)" not in page


def test_each_note_links_to_what_changed(client, post):
    correction = republish_with_note(post, paragraphs=["Tuesday."], note="Wrong day.")
    link = _soup(client, post).select_one(".post-note a")
    assert link["href"] == f"/corrections/{correction.pk}/"
