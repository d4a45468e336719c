"""Whatever a reader or a bot types, the page answers normally."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadsheet.blog.tests import factories
from broadsheet.search.query import MAX_QUERY_LENGTH
from broadsheet.search.tests.pages import count_line, result_titles, search

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    '"',
    '""',
    '"peace talks',
    'peace talks"',
    'geneva "',
    "*",
    "geneva*",
    "gen*eva",
    ":",
    "title:geneva",
    "{title}: geneva",
    "(",
    "(geneva",
    "geneva)",
    "\x00",
    "gen\x00eva",
    "\x1b[31mgeneva",
    "😀",
    "🇨🇭 geneva",
    "géneva Genève ЖЕНЕВА 日内瓦",
    "'; DROP TABLE blog_postpage; --",
    "1' OR '1'='1",
    "geneva' OR 1=1 --",
    "%",
    "%s %(q)s",
    "\\",
    "\\'",
    "NEAR(geneva talks)",
    "geneva NEAR talks",
    "AND",
    "OR",
    "NOT",
    "geneva AND OR NOT",
    "^geneva",
    "geneva:*",
    "geneva <-> talks",
    "geneva & !talks | (x)",
    "-",
    "--",
    "- -",
    '-"',
    "--geneva",
    "-geneva",
    '-"peace talks"',
    "<script>alert(1)</script>",
    "the",
    "a" * 5000,
    '"' * 300,
    '"a b" ' * 100,
    '-"a b" ' * 100,
    "-a " * 200,
]


@pytest.fixture
def indexed_post(db):
    return factories.post("Talks resume in Geneva", paragraphs=["The peace talks resumed."])


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_an_odd_query_gives_a_normal_page(client, indexed_post, query):
    search(client, q=query)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "geneva", "author": "\x00"},
        {"q": "geneva", "tag": "<script>"},
        {"q": "geneva", "category": "' OR 1=1"},
        {"q": "geneva", "from": "\x00"},
        {"q": "geneva", "from": "0001-01-01", "to": "9999-12-31"},
        {"q": "geneva", "from": "99999-01-01"},
        {"q": "geneva", "from": "2021-03-01", "to": "2021-02-01"},
        {"q": "geneva", "page": "\x00"},
        {"q": "geneva", "page": "1e9"},
    ],
)
def test_odd_filters_give_a_normal_page(client, indexed_post, params):
    search(client, **params)


def test_a_query_with_operator_words_searches_them_as_words(client, indexed_post):
    html = search(client, q="geneva OR nothing")

    assert result_titles(html) == []


def test_a_very_long_query_is_shortened_and_says_so(client, indexed_post):
    html = search(client, q="geneva " + "talks " * 100)

    assert f"Your search was longer than {MAX_QUERY_LENGTH} characters" in html
    assert result_titles(html) == ["Talks resume in Geneva"]


def test_the_query_is_shown_back_escaped(client, indexed_post):
    html = search(client, q="<script>alert(1)</script>")

    assert "<script>alert(1)" not in html
    assert count_line(html) == "0 results for “&lt;script&gt;alert(1)&lt;/script&gt;”"


_FRAGMENTS = st.one_of(
    # Lone surrogates cannot travel in a UTF-8 address.
    st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    st.sampled_from(
        ['"', "-", "*", ":", "(", ")", "^", "'", "\\", "\x00", " ", "NEAR", "AND", "OR", "NOT"]
    ),
    st.sampled_from(["geneva", "peace", "talks"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.lists(_FRAGMENTS, max_size=30).map("".join))
def test_any_text_query_gives_a_normal_page(client, indexed_post, query):
    search(client, q=query)
