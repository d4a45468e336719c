"""Feeds as big sites write them: Media RSS captions beside the article, Atom authors with
their email addresses, addresses percent-encoded past any column's length
(tests/fixtures/feeds)."""

import json

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from broadsheet.blog.models import Author, PostPage
from broadsheet.importers.formats import feed
from broadsheet.importers.records import PostRecord
from broadsheet.importers.services import files_import
from broadsheet.importers.slugs import SLUG_MAX_LENGTH, SOURCE_ID_MAX_LENGTH
from broadsheet.importers.tests.shapes import ATOM_FEED, CHINESE_FEED, HUFFPOST_FEED, changed


def posts_of(path):
    return [record for record in feed.parse(path) if isinstance(record, PostRecord)]


def words(html):
    return len(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_the_article_is_the_body_never_a_pictures_media_rss_caption():
    talks, ceasefire = posts_of(HUFFPOST_FEED)

    # Whichever comes first in the item, the caption never stands in for the article.
    assert "Delegations met again on Monday in Geneva" in talks.body_html
    assert "Palais des Nations" not in talks.body_html
    assert "monitors said on Tuesday" in ceasefire.body_html
    assert "A checkpoint at dawn" not in ceasefire.body_html
    descriptions = [
        item.findtext("description") for item in ElementTree.parse(HUFFPOST_FEED).iter("item")
    ]
    assert [words(talks.body_html), words(ceasefire.body_html)] == list(map(words, descriptions))
    assert talks.cover_image.url == "https://img.huffingtonpost.com/asset/6790aa01.jpeg"


@pytest.mark.django_db
def test_an_atom_authors_email_address_is_shown_nowhere(client):
    files_import(paths=[ATOM_FEED])

    post = PostPage.objects.get(title="Feeds in 2025")
    page = client.get(post.url).content.decode()
    ld = json.loads(
        BeautifulSoup(page, "html.parser").find("script", type="application/ld+json").string
    )
    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Jane Guest", "jane-guest"),
        ("Sam Ruby", "sam-ruby"),
    ]
    assert "rubys@intertwingly.net" not in page
    assert "@intertwingly" not in page
    assert ld["author"][0]["name"] == "Sam Ruby"
    assert "jane@guest.example" not in client.get("/feed/").content.decode()


@pytest.mark.django_db
def test_a_long_percent_encoded_address_gives_a_slug_and_id_that_fit(client):
    report = files_import(paths=[CHINESE_FEED])

    post = PostPage.objects.get()
    assert report.problems == []
    assert post.slug.startswith("日内瓦会谈恢复")
    assert len(post.slug) <= SLUG_MAX_LENGTH
    assert len(post.source_id) <= SOURCE_ID_MAX_LENGTH
    assert client.get(post.url).status_code == 200
    assert changed(files_import(paths=[CHINESE_FEED])) == {}
