import re

from hypothesis import given
from hypothesis import strategies as st

from broadsheet.search.passages import PASSAGE_LENGTH, highlight_pattern, matching_passage
from broadsheet.search.query import parse_query


def passage(text, query):
    return matching_passage(text, highlight_pattern(parse_query(query).highlights))


def test_every_match_is_marked_and_everything_else_escaped():
    html = passage("Geneva <b>talks</b> & more in geneva.", "geneva")

    assert html == "<mark>Geneva</mark> &lt;b&gt;talks&lt;/b&gt; &amp; more in <mark>geneva</mark>."


def test_a_match_far_into_the_text_is_shown_in_its_sentence():
    text = "Filler words come first. " * 20 + "Then the envoy reached Geneva at noon."

    html = passage(text, "geneva")

    assert html.startswith("…")
    assert "the envoy reached <mark>Geneva</mark> at noon." in html
    assert len(html) < PASSAGE_LENGTH + len("…<mark></mark>")


def test_a_phrase_is_marked_whole():
    assert passage("The peace talks resumed.", '"peace talks"') == (
        "The <mark>peace talks</mark> resumed."
    )


def test_a_word_is_marked_with_its_ending():
    assert passage("Talks resumed.", "talk") == "<mark>Talks</mark> resumed."


def test_a_word_inside_another_is_not_marked():
    assert passage("Antigeneva.", "geneva") == "Antigeneva."


def test_without_a_match_the_passage_is_the_start_of_the_text():
    assert passage("Markets <closed> higher. " * 20, "geneva").startswith(
        "Markets &lt;closed&gt; higher."
    )


@given(text=st.text(), query=st.text())
def test_no_markup_but_mark_comes_out(text, query):
    html = passage(text, query)

    assert "<" not in re.sub(r"</?mark>", "", html)
