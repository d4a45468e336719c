"""Who and where a text is about: countries and cities from the gazetteer, people and
organisations from the site's entity list, each counted; and the recurring capitalised
names the list does not know yet, offered to editors as suggestions.

Matching is on whole tokens, case-sensitive, longest name first: "South Sudan" is not
Sudan, "New York Times" is no city. A place name written against another capitalised word
("Jordan Peterson", "Whitney Houston", "Tehran University") is someone's name or another
thing's, and is skipped; a few country names that are also common words ("Turkey",
"Georgia") need a sign in the text that the country is meant.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from broadsheet.entities import gazetteer_data as data
from broadsheet.entities.gazetteer import Place, fold_accents, gazetteer
from broadsheet.entities.tokens import is_capitalised, name_tokens, normalise, text_tokens

_SENTENCE_END = frozenset({".", "!", "?", ":", ";", '"', "“", "”", "(", ")", "—", "–"})
# Lowercase words that may sit inside a name: "Bank of England", "Osama bin Laden".
_NAME_CONNECTORS = frozenset({"of", "al", "el", "bin", "ibn", "de", "da", "del", "van", "von"})
_JOINERS = _NAME_CONNECTORS | {"-"}
_LONGEST_SUGGESTION = 6


@dataclass(frozen=True)
class Known:
    """A name from the site's entity list: one of its entity's names or aliases."""

    entity_id: int


@dataclass
class Vocabulary:
    """Every name the extraction looks for: the gazetteer's, then the site's on top."""

    names: dict[tuple[str, ...], Place | Known | None]
    longest: int
    # A person's surname alone ("Qalibaf"), counted only in a text that also names them
    # in full: reporters write the full name first.
    surnames: dict[str, int] = field(default_factory=dict)
    # The names again without their accents, for text written without them or with
    # others ("Chișinău", "Chisinau"): asked only when the spelling itself is not known.
    folded: dict[tuple[str, ...], Place | Known | None] = field(default_factory=dict)

    @classmethod
    def build(cls, site_names=(), person_names=()) -> "Vocabulary":
        """``site_names``: (name, entity_id) pairs; ``person_names``: people's full names
        as (name, entity_id), whose last word may stand alone."""
        places = gazetteer()
        names: dict[tuple[str, ...], Place | Known | None] = dict(places.names)
        for name, entity_id in site_names:
            tokens = name_tokens(name)
            if tokens:
                names[tokens] = Known(entity_id)
        surname_owners: dict[str, set[int]] = {}
        for name, entity_id in person_names:
            tokens = name_tokens(name)
            if len(tokens) > 1 and tokens[-1].isalpha() and len(tokens[-1]) > 2:
                surname_owners.setdefault(tokens[-1], set()).add(entity_id)
        surnames = {
            surname: next(iter(owners))
            for surname, owners in surname_owners.items()
            if len(owners) == 1 and (surname,) not in names
        }
        longest = max((len(tokens) for tokens in names), default=1)
        folded: dict[tuple[str, ...], Place | Known | None] = {}
        # Names written without accents first: "San Jose" stays the Californian city.
        for tokens in sorted(names, key=lambda t: _folded(t) != t):
            folded.setdefault(_folded(tokens), names[tokens])
        return cls(names=names, longest=longest, surnames=surnames, folded=folded)


def _folded(tokens) -> tuple[str, ...]:
    return tuple(fold_accents(token) for token in tokens)


@dataclass
class Extraction:
    places: Counter = field(default_factory=Counter)  # Place → mentions
    known: Counter = field(default_factory=Counter)  # entity id → mentions
    candidates: set[str] = field(default_factory=set)  # names nobody listed yet


def extract(segments: list[str], vocabulary: Vocabulary) -> Extraction:
    """The entities named in ``segments`` (a title, then paragraphs), with their counts."""
    document = normalise("\n".join(segments))
    lowercase_words = {t for t in text_tokens(document) if t.islower()}
    signs = _Signs(document)
    result = Extraction()
    surname_mentions: Counter = Counter()
    for segment in segments:
        _extract_segment(
            text_tokens(segment), vocabulary, signs, lowercase_words, result, surname_mentions
        )
    for entity_id, count in surname_mentions.items():
        if entity_id in result.known:  # Named in full somewhere in the text.
            result.known[entity_id] += count
    return result


def _extract_segment(tokens, vocabulary, signs, lowercase_words, result, surname_mentions):
    title_case = _is_title_case(tokens)
    covered = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        length, target = _longest_match(tokens, i, vocabulary)
        if length == 0:
            entity_id = vocabulary.surnames.get(tokens[i])
            if entity_id is not None and not _follows_a_name(
                tokens, i, title_case, lowercase_words
            ):
                surname_mentions[entity_id] += 1
                covered[i] = True
            i += 1
            continue
        if isinstance(target, Known):
            result.known[target.entity_id] += 1
        elif isinstance(target, Place):
            if not _counts_as_place(tokens, i, length, target, signs, title_case, lowercase_words):
                i += 1  # Part of another name, which may be a suggestion: "Jordan Peterson".
                continue
            result.places[target] += 1
        for k in range(i, i + length):
            covered[k] = True
        i += length
    result.candidates.update(_candidate_names(tokens, covered, lowercase_words))


def _longest_match(tokens, start, vocabulary):
    names, folded = vocabulary.names, vocabulary.folded
    for length in range(min(vocabulary.longest, len(tokens) - start), 0, -1):
        key = tuple(tokens[start : start + length])
        if key in names:
            return length, names[key]
        key = _folded(key)
        if key in folded:
            return length, folded[key]
    return 0, None


def _counts_as_place(tokens, start, length, place, signs, title_case, lowercase_words) -> bool:
    surface = " ".join(tokens[start : start + length])
    if surface in data.AMBIGUOUS_COUNTRY_SIGNS and not signs.means_country(surface):
        return False
    might_be_a_name = place.kind == "city" or surface in data.GIVEN_NAME_COUNTRIES
    if not might_be_a_name or title_case:
        return True
    return not (
        _follows_a_name(tokens, start, title_case, lowercase_words)
        or _precedes_a_name(tokens, start + length)
    )


def _is_name_word(token: str) -> bool:
    return token.isalpha() and is_capitalised(token) and token.lower() not in data.FUNCTION_WORDS


def _follows_a_name(tokens, index, title_case, lowercase_words) -> bool:
    """The word before is capitalised, and not a common word starting a sentence:
    "Whitney Houston", "Michael Jordan"."""
    if title_case or index == 0 or not _is_name_word(tokens[index - 1]):
        return False
    sentence_start = index == 1 or tokens[index - 2] in _SENTENCE_END
    return not (sentence_start and tokens[index - 1].lower() in lowercase_words)


def _precedes_a_name(tokens, index) -> bool:
    """The word after is capitalised: "Jordan Peterson", "Tehran University"; not after
    a name ending a sentence ("... in Washington, D.C. Xi said")."""
    if index >= len(tokens) or tokens[index - 1] in _SENTENCE_END:
        return False
    return _is_name_word(tokens[index])


def _is_title_case(tokens) -> bool:
    """A headline In Title Case, where capitals say nothing about names."""
    words = [t for t in tokens if t.isalpha() and len(t) > 3]
    return len(words) >= 3 and all(is_capitalised(w) for w in words)


class _Signs:
    """Whether the text shows that an ambiguous name means the country (read lazily)."""

    def __init__(self, document: str):
        self.document = document
        self.decided: dict[str, bool] = {}

    def means_country(self, surface: str) -> bool:
        if surface not in self.decided:
            for_country, against = data.AMBIGUOUS_COUNTRY_SIGNS[surface]
            self.decided[surface] = self._shows(for_country) or not self._shows(against)
        return self.decided[surface]

    def _shows(self, signs) -> bool:
        return any(re.search(rf"(?<!\w){re.escape(sign)}(?!\w)", self.document) for sign in signs)


def _candidate_names(tokens, covered, lowercase_words) -> set[str]:
    """Runs of capitalised words not matched as anything: "Abbas Araghchi", "European
    Union". Titles and function words split runs; a sentence's first word is dropped when
    the text also writes it in lowercase ("Officials", "Talks")."""
    names = set()
    run: list[str] = []

    def close():
        while run and run[-1] in _JOINERS:
            run.pop()
        words = [t for t in run if t not in _JOINERS]
        if 2 <= len(words) <= _LONGEST_SUGGESTION:
            names.add(" ".join(run).replace(" - ", "-"))
        run.clear()

    for i, token in enumerate(tokens):
        sentence_start = i == 0 or tokens[i - 1] in _SENTENCE_END
        if covered[i]:
            close()
        elif _is_name_word(token) and len(token) > 1:
            if sentence_start and token.lower() in lowercase_words:
                close()
                continue
            run.append(token)
        elif run and token in _JOINERS:
            run.append(token)
        else:
            close()
    close()
    return names
