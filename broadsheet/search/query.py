"""What a reader types in the search box, turned into modelsearch queries.

Words must all match; "quoted words" must match as that exact sequence; a word or
quoted phrase after a minus (-word, -"two words") must not match. Nothing else is
syntax: FTS5 and tsquery operators (AND, OR, NOT, NEAR, ^, *, :, !, &, brackets) are
searched as plain words, which both backends put in quotes; the double quote, which
would end those quotes, only ever delimits a phrase. No input can break a query.
"""

import re
from dataclasses import dataclass

from modelsearch.query import And, Or, Phrase, PlainText, SearchQuery

# Long enough for any real search (Google stops at 32 words). It also bounds the
# query's nesting: FTS5's parser overflows past about 80 phrases, and a phrase takes
# at least six characters ("a b" and a space), so there are at most 34 here.
MAX_QUERY_LENGTH = 200
# Words and phrases searched for at most: each is one more term for the index to match
# and rank, and a hundred one-letter words made one search cost seconds.
MAX_QUERY_TERMS = 12

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# An unclosed quote runs to the end of the query, as in web search engines.
_TOKEN = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
_WORD_CHARACTERS = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    include: SearchQuery | None = None
    """What a post must match; None when the reader gave no words to look for."""
    exclude: SearchQuery | None = None
    """What a post must not match."""
    highlights: tuple[tuple[str, ...], ...] = ()
    """The sequences of words to mark in passages: one word, or a phrase's words."""

    def __bool__(self):
        return self.include is not None or self.exclude is not None


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be shortened.

    Control characters (NUL among them: PostgreSQL refuses it) become spaces; runs of
    spaces become one; a query longer than MAX_QUERY_LENGTH loses its end, on a word,
    and one of more than MAX_QUERY_TERMS words or phrases loses the rest.
    """
    text = " ".join(_CONTROL_CHARACTERS.sub(" ", raw).split())
    shortened = False
    if len(text) > MAX_QUERY_LENGTH:
        head, _, _ = text[: MAX_QUERY_LENGTH + 1].rpartition(" ")
        text, shortened = head or text[:MAX_QUERY_LENGTH], True
    terms = list(_TOKEN.finditer(text))
    if len(terms) > MAX_QUERY_TERMS:
        text, shortened = text[: terms[MAX_QUERY_TERMS - 1].end()].rstrip(), True
    return text, shortened


def parse_query(text: str) -> ParsedQuery:
    included, excluded = _Terms(), _Terms()
    for token in _TOKEN.finditer(text):
        terms = excluded if token["minus"] else included
        terms.add(token["phrase"] if token["phrase"] is not None else token["word"])
    return ParsedQuery(
        include=included.all_of(),
        exclude=excluded.any_of(),
        highlights=tuple(tuple(_WORD_CHARACTERS.findall(term)) for term in included.all_terms()),
    )


class _Terms:
    def __init__(self):
        self.words: list[str] = []
        self.phrases: list[str] = []

    def add(self, term: str):
        words = term.split()
        # A term without a letter or digit (`*`, `:`, an emoji) holds nothing the
        # backends index: FTS5 would then match no post at all.
        if not any(character.isalnum() for character in term):
            return
        # One quoted word is a word: it keeps the query flat. A word or phrase given
        # twice is one term: asking for it again narrows nothing and costs a term.
        terms, term = (self.words, words[0]) if len(words) == 1 else (self.phrases, " ".join(words))
        if term.casefold() not in (known.casefold() for known in terms):
            terms.append(term)

    def all_terms(self):
        return [*self.words, *self.phrases]

    def all_of(self) -> SearchQuery | None:
        # All words in one PlainText: one flat FTS5 expression, however many words.
        words = [PlainText(" ".join(self.words), operator="and")] if self.words else []
        return _combine(And, [*words, *map(Phrase, self.phrases)])

    def any_of(self) -> SearchQuery | None:
        words = [PlainText(" ".join(self.words), operator="or")] if self.words else []
        return _combine(Or, [*words, *map(Phrase, self.phrases)])


def _combine(combinator, queries: list[SearchQuery]) -> SearchQuery | None:
    if len(queries) > 1:
        return combinator(queries)
    return queries[0] if queries else None
