"""What an import did: counts by kind and outcome, and every problem and note, with their place."""

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """ "1 post", "2 posts": a count and the noun that agrees with it."""
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


class Kind(StrEnum):
    POST = "posts"
    PAGE = "pages"
    COMMENT = "comments"
    IMAGE = "images"
    REDIRECT = "redirects"
    CATEGORY = "categories"
    SUBSCRIBER = "subscribers"
    CORRECTION = "corrections"  # Correction and update notes on posts (broadsheet.corrections).
    STORY = "stories"  # Stories posts are grouped in (broadsheet.stories).


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Message:
    """A problem or a note, placed: which file, which item in it."""

    path: Path | None
    item: str
    text: str

    def __str__(self) -> str:
        return ": ".join(str(part) for part in (self.path, self.item, self.text) if part)


@dataclass
class Changes:
    """What storing one record did, kept apart until its transaction commits.

    A record that fails leaves nothing stored, so none of its counts may stand.
    """

    item: str
    counts: Counter[tuple[Kind, Outcome]] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, kind: Kind, outcome: Outcome) -> None:
        self.counts[kind, outcome] += 1

    def note(self, text: str) -> None:
        self.notes.append(text)

    def problem(self, kind: Kind, text: str) -> None:
        """A part of the record that could not be stored, while the rest was."""
        self.count(kind, Outcome.FAILED)
        self.problems.append(text)


@dataclass
class ImportReport:
    counts: Counter[tuple[Kind, Outcome]] = field(default_factory=Counter)
    problems: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    # Items a format left out for a reason its note gives, which the user may fix (a
    # post without a date): the run is not a clean success.
    skipped_for_a_reason: int = 0

    @property
    def linked_pictures(self) -> int:
        """Pictures left where they live, the posts linking to them: not fetched."""
        return self.counts[Kind.IMAGE, Outcome.SKIPPED]

    @property
    def changed_anything(self) -> bool:
        """True when the run created or updated anything on the site."""
        return any(
            count and outcome in (Outcome.CREATED, Outcome.UPDATED)
            for (_kind, outcome), count in self.counts.items()
        )

    def add(self, path: Path, changes: Changes) -> None:
        self.counts.update(changes.counts)
        self.problems.extend(Message(path, changes.item, text) for text in changes.problems)
        self.notes.extend(Message(path, changes.item, text) for text in changes.notes)

    def failure(self, path: Path, item: str, text: str, *, kind: Kind | None = None) -> None:
        """A record, or a whole file when ``kind`` is None, that could not be stored."""
        if kind is not None:
            self.counts[kind, Outcome.FAILED] += 1
        self.problems.append(Message(path, item, text))

    def note(self, path: Path, item: str, text: str) -> None:
        self.notes.append(Message(path, item, text))
