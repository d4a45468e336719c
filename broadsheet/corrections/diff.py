"""What changed between two published versions of a post, as a reader reads it.

Paragraphs are matched first (difflib on the list of paragraphs), then the words inside
each changed pair, so a corrected date shows as one word struck out and one added, not
as a whole paragraph replaced. Unchanged runs between changes are folded to a count.
"""

import difflib
import re
from dataclasses import dataclass

from broadsheet.blog.text import body_plain_text

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, INSERT or DELETE
    text: str


@dataclass(frozen=True)
class Paragraph:
    segments: tuple[Segment, ...] = ()
    unchanged_run: int = 0  # For a fold: how many unchanged paragraphs it stands for.

    @property
    def is_fold(self) -> bool:
        return self.unchanged_run > 0


def paragraphs_of(post) -> list[str]:
    """The title, then each block's plain text: the words readers read."""
    texts = [post.title] + [body_plain_text([block]) for block in post.body]
    return [text for text in texts if text]


def words_diff(old: str, new: str) -> tuple[Segment, ...]:
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == EQUAL:
            segments.append(Segment(EQUAL, "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment(DELETE, "".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(Segment(INSERT, "".join(new_words[j1:j2])))
    return tuple(segments)


def text_diff(old: list[str], new: list[str], *, context: int = 1) -> list[Paragraph]:
    """``new`` against ``old``, paragraph by paragraph; ``context`` unchanged paragraphs
    kept on either side of a change, the rest folded."""
    changed: list[tuple[bool, Paragraph]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        if op == EQUAL:
            changed += [(False, Paragraph((Segment(EQUAL, text),))) for text in news]
            continue
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for before, after in zip(olds[:paired], news[:paired], strict=True):
            changed.append((True, Paragraph(words_diff(before, after))))
        changed += [(True, Paragraph((Segment(DELETE, text),))) for text in olds[paired:]]
        changed += [(True, Paragraph((Segment(INSERT, text),))) for text in news[paired:]]
    return _fold_unchanged(changed, context)


def _fold_unchanged(paragraphs: list[tuple[bool, Paragraph]], context: int) -> list[Paragraph]:
    near_change: set[int] = set()
    for index, (is_changed, _) in enumerate(paragraphs):
        if is_changed:
            near_change.update(range(index - context, index + context + 1))
    shown: list[Paragraph] = []
    run = 0
    for index, (_, paragraph) in enumerate(paragraphs):
        if index in near_change:
            if run:
                shown.append(Paragraph(unchanged_run=run))
                run = 0
            shown.append(paragraph)
        else:
            run += 1
    if run:
        shown.append(Paragraph(unchanged_run=run))
    return shown


def revisions_diff(previous_revision, revision) -> list[Paragraph]:
    return text_diff(
        paragraphs_of(previous_revision.as_object()), paragraphs_of(revision.as_object())
    )
