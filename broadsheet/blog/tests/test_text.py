"""Reading time, excerpts and the plain text they are counted on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.blog.text import html_to_text, make_excerpt, reading_time_minutes


@pytest.mark.parametrize(
    ("words", "minutes"),
    [(0, 1), (1, 1), (265, 1), (266, 2), (530, 2), (531, 3)],
)
def test_reading_time_is_words_over_265_rounded_up_at_least_one(words, minutes):
    assert reading_time_minutes(" ".join(["word"] * words)) == minutes


def test_excerpt_of_empty_text_is_empty():
    assert make_excerpt("") == ""
    assert make_excerpt(None) == ""


def test_excerpt_of_text_exactly_at_the_limit_is_the_whole_text():
    text = "Geneva " * 19 + "summits"

    assert len(text) == 140
    assert make_excerpt(text) == text


def test_excerpt_ends_on_the_last_whole_word_with_an_ellipsis():
    assert make_excerpt("The ceasefire talks resumed on Monday", limit=20) == (
        "The ceasefire talks…"
    )


def test_excerpt_keeps_a_word_that_ends_exactly_at_the_limit():
    assert make_excerpt("The ceasefire talks resumed", limit=19) == "The ceasefire talks…"


def test_excerpt_drops_punctuation_left_before_the_cut():
    assert make_excerpt("Talks resumed, then stalled again", limit=15) == "Talks resumed…"


def test_excerpt_of_one_word_longer_than_the_limit_is_cut_inside_it():
    word = "Donaudampfschifffahrtsgesellschaftskapitän" * 5

    assert make_excerpt(word) == word[:140] + "…"


def test_excerpt_counts_runs_of_whitespace_as_one_space():
    assert make_excerpt("Talks\n\n  resume\tin Geneva") == "Talks resume in Geneva"


def test_html_to_text_separates_blocks_and_joins_inline_markup():
    markup = "<p>H<sub>2</sub>O <b>boils</b> at 100&nbsp;°C.</p><p>Next&amp;last</p>"

    assert html_to_text(markup) == "H2O boils at 100 °C. Next&last"


def test_html_to_text_counts_a_line_break_as_a_space():
    assert html_to_text("<p>one<br/>two</p>") == "one two"


# Words, spaces and the punctuation the excerpt treats specially.
_texts = st.text(alphabet=st.sampled_from("abcé ,;:—.\n\t"), max_size=400)
_STRIPPED_BEFORE_ELLIPSIS = ",;:—"


@given(text=_texts, limit=st.integers(min_value=5, max_value=200))
def test_excerpt_is_a_prefix_of_the_text_cut_on_a_word_boundary(text, limit):
    normalized = " ".join(text.split())
    excerpt = make_excerpt(text, limit=limit)

    assert len(excerpt) <= limit + 1
    was_cut = len(normalized) > limit
    assert excerpt.endswith("…") == was_cut
    if not was_cut:
        assert excerpt == normalized
        return
    kept = excerpt[:-1]
    assert normalized.startswith(kept)
    assert not kept.endswith(" ")
    # What follows the kept words is a space, after any punctuation dropped before
    # the ellipsis; only a first word longer than the limit may be cut inside.
    rest = normalized[len(kept) :].lstrip(_STRIPPED_BEFORE_ELLIPSIS)
    first_word_too_long = " " not in normalized[: limit + 1]
    assert first_word_too_long or kept == "" or rest.startswith(" ")
