from modelsearch.query import And, Or, Phrase, PlainText

from broadsheet.search.query import MAX_QUERY_LENGTH, clean_query, parse_query


def test_words_must_all_match_and_quoted_words_as_a_phrase():
    query = parse_query('peace "talks resume" geneva')

    assert isinstance(query.include, And)
    words, phrase = query.include.subqueries
    assert isinstance(words, PlainText)
    assert (words.query_string, words.operator) == ("peace geneva", "and")
    assert isinstance(phrase, Phrase)
    assert phrase.query_string == "talks resume"
    assert query.exclude is None


def test_minus_words_and_phrases_are_each_excluded():
    query = parse_query('geneva -ceasefire -truce -"peace talks"')

    assert isinstance(query.exclude, Or)
    words, phrase = query.exclude.subqueries
    assert (words.query_string, words.operator) == ("ceasefire truce", "or")
    assert phrase.query_string == "peace talks"


def test_a_hyphen_inside_a_word_is_part_of_the_word():
    query = parse_query("cease-fire")

    assert query.include.query_string == "cease-fire"
    assert query.exclude is None


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('geneva "peace talks').include.subqueries[1].query_string == "peace talks"


def test_one_quoted_word_is_a_word():
    assert isinstance(parse_query('"geneva"').include, PlainText)


def test_terms_without_a_letter_or_digit_are_dropped():
    assert not parse_query('* : ( ) ^ 😀 - -" ""')


def test_highlights_are_the_included_words_and_phrases():
    query = parse_query('geneva\'s "peace talks" -truce')

    assert query.highlights == (("geneva", "s"), ("peace", "talks"))


def test_control_characters_and_runs_of_spaces_are_cleaned():
    assert clean_query("  gen\x00eva\t\n talks ") == ("gen eva talks", False)


def test_a_long_query_is_cut_on_a_word():
    text, shortened = clean_query("geneva " * 100)

    assert shortened
    assert len(text) <= MAX_QUERY_LENGTH
    assert set(text.split()) == {"geneva"}


def test_a_word_or_phrase_given_twice_is_searched_once():
    query = parse_query('Talks talks border "peace deal" "Peace  deal" border')

    words, phrase = query.include.subqueries
    assert words.query_string == "Talks border"
    assert phrase.query_string == "peace deal"
