"""A saved WordPress page of a theme other than the default: its post whole, nested lists
of links included, and its comments threaded (tests/fixtures/html)."""

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.comments.models import Comment
from broadsheet.importers.formats import html
from broadsheet.importers.records import NoteRecord, PostRecord
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.shapes import WORDPRESS_PAGE
from broadsheet.importers.tests.test_html import text_of


def parsed(path):
    records = list(html.parse(path))
    (post,) = [record for record in records if isinstance(record, PostRecord)]
    return post, [record for record in records if isinstance(record, NoteRecord)]


def test_a_nested_list_of_links_is_kept_with_every_link():
    post, _notes = parsed(WORDPRESS_PAGE)

    for address in (
        "https://un.example/report-2023",
        "https://un.example/resolution-2231",
        "https://eu.example/statement",
        "https://gulf.example/position",
    ):
        assert f'href="{address}"' in post.body_html
    assert "United Nations" in text_of(post.body_html)
    # What the theme prints around the post is not the post.
    assert "An earlier post" not in text_of(post.body_html)
    assert "Recent Posts" not in text_of(post.body_html)


def test_twenty_ten_comments_are_read_and_threaded_with_their_printed_dates():
    post, notes = parsed(WORDPRESS_PAGE)
    by_number = {c.source_id.rpartition("#")[2]: c for c in post.comments}

    assert notes == []
    assert list(by_number) == ["comment-7", "comment-8", "comment-9"]
    assert [c.author_name for c in post.comments] == ["Jonas Weber", "Maryam Rahimi", "Jonas Weber"]
    assert by_number["comment-7"].author_url == "https://reader.example"
    assert by_number["comment-8"].parent_source_id == by_number["comment-7"].source_id
    assert by_number["comment-9"].parent_source_id == by_number["comment-8"].source_id
    assert by_number["comment-9"].body == "The annex is out: it changes the timeline."
    # The theme prints the time as words only, read in the site's time zone.
    assert by_number["comment-8"].date == dt.datetime(
        2024, 3, 3, 12, 40, tzinfo=timezone.get_current_timezone()
    )


def test_comments_the_page_shows_but_that_cannot_be_read_are_counted_in_a_note(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        WORDPRESS_PAGE.read_text(encoding="utf-8").replace("March 4, 2024 at 8:15 am", "Yesterday"),
        encoding="utf-8",
    )

    post, notes = parsed(page)

    assert len(post.comments) == 2
    assert [note.message for note in notes] == [
        "1 comment on the page could not be read (no date or no text found in the theme's "
        "markup): left out"
    ]


@pytest.mark.django_db
def test_the_comments_come_in_threaded_under_the_post(client):
    files_import(paths=[WORDPRESS_PAGE])

    reply = Comment.objects.get(body="The annex is out: it changes the timeline.")
    assert reply.parent.parent.author_name == "Jonas Weber"
    assert "The annex is out" in client.get(reply.post.url).content.decode()
