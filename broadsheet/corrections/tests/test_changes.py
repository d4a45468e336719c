"""What changed: the post's words before and after a note, removals and additions marked."""

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories
from broadsheet.corrections.diff import DELETE, EQUAL, INSERT, Segment, text_diff
from broadsheet.corrections.tests.factories import republish_with_note

pytestmark = pytest.mark.django_db


def test_a_changed_word_is_one_removal_and_one_addition():
    (paragraph,) = text_diff(["The vote was on Monday."], ["The vote was on Tuesday."])
    assert paragraph.segments == (
        Segment(EQUAL, "The vote was on "),
        Segment(DELETE, "Monday."),
        Segment(INSERT, "Tuesday."),
    )


def test_unchanged_paragraphs_far_from_a_change_are_folded():
    old = [f"Paragraph {n}." for n in range(10)]
    new = [*old[:5], "Paragraph five, rewritten.", *old[6:]]
    shown = text_diff(old, new)
    assert [p.unchanged_run for p in shown if p.is_fold] == [4, 3]
    texts = ["".join(s.text for s in p.segments) for p in shown if not p.is_fold]
    assert texts[0] == "Paragraph 4."
    assert texts[-1] == "Paragraph 6."


def test_added_and_removed_paragraphs():
    shown = text_diff(["One.", "Two."], ["One.", "Two.", "Three."])
    assert shown[-1].segments == (Segment(INSERT, "Three."),)
    shown = text_diff(["One.", "Two."], ["Two."])
    assert shown[0].segments == (Segment(DELETE, "One."),)


@pytest.fixture
def correction(blog_index):
    post = factories.post(
        "Vote in the Majlis", paragraphs=["The vote was held on Monday.", "Members <met> late."]
    )
    return republish_with_note(
        post,
        paragraphs=["The vote was held on Tuesday.", "Members <met> late."],
        note="Wrong day.",
    )


def test_the_page_marks_what_was_removed_and_added(client, correction):
    response = client.get(f"/corrections/{correction.pk}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [d.get_text() for d in soup.select(".diff del")] == ["Removed: Monday."]
    assert [i.get_text() for i in soup.select(".diff ins")] == ["Added: Tuesday."]
    assert "Wrong day." in soup.select_one(".post-changes header").get_text()
    assert soup.select_one("h1 a")["href"] == correction.post.url


def test_the_post_words_are_shown_as_text(client, correction):
    page = client.get(f"/corrections/{correction.pk}/").content.decode()
    assert "Members &lt;met&gt; late." in page


def test_no_changes_page_for_a_post_no_longer_published(client, correction):
    correction.post.unpublish()
    assert client.get(f"/corrections/{correction.pk}/").status_code == 404


def test_no_changes_page_once_the_old_version_is_gone(client, correction):
    correction.previous_revision.delete()
    assert client.get(f"/corrections/{correction.pk}/").status_code == 404
    page = client.get(correction.post.url).content.decode()
    assert "Wrong day." in page
    assert f"/corrections/{correction.pk}/" not in page
