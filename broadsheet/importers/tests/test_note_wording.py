"""Notes read as sentences: counts agree with their nouns, articles stand where they should."""

import re

import pytest

from broadsheet.importers.records import PostKind
from broadsheet.importers.results import plural
from broadsheet.importers.tests.factories import comment_record, post_record
from broadsheet.importers.writer import ArchiveWriter


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 comments"), (1, "1 comment"), (2, "2 comments"), (1200, "1,200 comments")],
)
def test_a_count_agrees_with_its_noun(count, expected):
    assert plural(count, "comment") == expected


def test_an_irregular_plural_is_given_whole():
    assert plural(1, "item was", "items were") == "1 item was"
    assert plural(3, "item was", "items were") == "3 items were"


@pytest.mark.django_db
def test_what_a_page_cannot_hold_is_noted_in_plain_sentences(blog_index):
    record = post_record(
        kind=PostKind.PAGE,
        title="About us",
        slug="about-us",
        category="Europe",
        comments=(comment_record("1"),),
    )

    notes = ArchiveWriter().post_store(record).notes

    assert "a page has no category: left out" in notes
    assert "a page has no comments: 1 comment left out" in notes
    for note in notes:
        # No doubled article, no doubled space, no count without its noun.
        assert not re.search(r"\ba (a|an|the)\b|\s{2}|\b\d+\s*$", note), note
