"""Posts saved as text in the reference page's layout (DESIGN.md, "The reference page").

    Talks resume in Geneva
    - Desk Editor
    - Mar 3, 2024
    - 2 min read
    One paragraph a line; blank lines are ignored.
    Recent Posts
    See AllAn excerpt of another post, as the page showed it
    Comments

Everything from a "Recent Posts" line followed by a "See All…" line on is the page's
furniture, not the post, and is dropped. The reading time is the page's own figure; the
site computes its own, so it is checked for shape and otherwise ignored.
"""

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from django.utils import timezone
from django.utils.text import slugify

from broadsheet.importers import limits
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.records import AuthorRecord, PostRecord

DESCRIPTION = (
    "a post saved as text: its title, then '- Author', '- Mar 3, 2024' and '- 2 min read' "
    "lines, then one paragraph a line"
)

# English abbreviations, as the page prints them; strptime's %b would follow the locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"(?P<month>[A-Za-z]{3}) (?P<day>\d{1,2}), (?P<year>\d{4})")
_READING_TIME = re.compile(r"\d+ min read")
# Only real line breaks: str.splitlines() would also break a paragraph at U+2028 and
# other separators that belong to its text.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The file gives a day, not a time. Noon keeps that day whichever way the site's time
# zone is later moved, by up to eleven hours.
_PUBLICATION_TIME = dt.time(12, 0)
_HEADER_LINES = 4
_EXPECTED_AUTHOR = "expected the author as '- Name'"
_EXPECTED_DATE = "expected a date like '- Mar 3, 2024'"
_EXPECTED_READING_TIME = "expected the reading time like '- 2 min read'"
_DETECT_BYTES = 4096
_SHOWN_CHARACTERS = 60


class _Line(NamedTuple):
    number: int
    text: str


def detect(path: Path) -> bool:
    """A .txt file, or any file that opens with a title, an author line and a date line.

    A .txt file is claimed whatever it holds, so that a damaged one is told what is
    wrong on which line rather than that no format fits.
    """
    if path.suffix.lower() == ".txt":
        return True
    with path.open("rb") as file:
        head = file.read(_DETECT_BYTES).decode("utf-8-sig", errors="replace")
    lines = _content_lines(head)
    return (
        len(lines) >= 3
        and _byline_value(lines[1].text) is not None
        and _DATE.fullmatch(_byline_value(lines[2].text) or "") is not None
    )


def parse(path: Path) -> Iterator[PostRecord]:
    """The one post in the file; ImportFileError names the line that breaks the layout."""
    lines = _content_lines(_read_text(path))
    if not lines:
        raise ImportFileError(path, None, "expected a post's title on line 1, found an empty file")
    title = lines[0].text
    # A dash opening the file is the author's line: the title is missing. (A title may
    # still start with a dash, as in "-30C in Oslo".)
    if title.startswith("- "):
        raise _unexpected(path, lines, 0, "expected the post's title")
    author = _byline(path, lines, 1, _EXPECTED_AUTHOR)
    if _DATE.fullmatch(author):
        # Read on, the date would be taken for the author and the error would
        # blame the next line; the missing line is the author's.
        raise _unexpected(path, lines, 1, _EXPECTED_AUTHOR)
    date = _date(path, lines, 2)
    reading_time = _byline(path, lines, 3, _EXPECTED_READING_TIME)
    if not _READING_TIME.fullmatch(reading_time):
        raise _unexpected(path, lines, 3, _EXPECTED_READING_TIME)
    paragraphs = lines[_HEADER_LINES : _furniture_start(lines)]
    if not paragraphs:
        raise _unexpected(path, lines, _HEADER_LINES, "expected the post's first paragraph")
    slug = _slug(path, lines[0])
    yield PostRecord(
        source_id=f"text:{slug}",
        title=title,
        slug=slug,
        author=AuthorRecord(name=author),
        date=date,
        paragraphs=tuple(line.text for line in paragraphs),
    )


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > limits.MAX_POST_FILE_BYTES:
        raise ImportFileError(path, None, limits.too_large_file(size, limits.MAX_POST_FILE_BYTES))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            path,
            f"line {line}",
            f"not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); "
            "save the file as UTF-8 and import it again",
        ) from error
    # NUL is valid UTF-8 but never part of text someone saved from a page.
    if "\x00" in text:
        raise ImportFileError(path, None, "a binary file, not text (it contains NUL bytes)")
    return text


def _content_lines(text: str) -> list[_Line]:
    """The non-blank lines, stripped, each with its line number in the file."""
    return [
        _Line(number, line.strip())
        for number, line in enumerate(_LINE_BREAK.split(text), start=1)
        if line.strip()
    ]


def _byline_value(text: str) -> str | None:
    """What follows the dash of a "- value" line, or None when the line has no dash."""
    if not text.startswith("-"):
        return None
    return text[1:].strip()


def _byline(path: Path, lines: list[_Line], index: int, expected: str) -> str:
    value = _byline_value(lines[index].text) if index < len(lines) else None
    if not value:
        raise _unexpected(path, lines, index, expected)
    return value


def _date(path: Path, lines: list[_Line], index: int) -> dt.datetime:
    value = _byline(path, lines, index, _EXPECTED_DATE)
    match = _DATE.fullmatch(value)
    month = match["month"].title() if match else None
    if match is None or month not in _MONTHS:
        raise _unexpected(path, lines, index, _EXPECTED_DATE)
    try:
        day = dt.date(int(match["year"]), _MONTHS.index(month) + 1, int(match["day"]))
    except ValueError as error:
        item = f"line {lines[index].number}"
        raise ImportFileError(path, item, f"{value!r} is not a date on the calendar") from error
    return timezone.make_aware(dt.datetime.combine(day, _PUBLICATION_TIME))


def _furniture_start(lines: list[_Line]) -> int:
    """Where the page's trailing "Recent Posts" block starts; len(lines) when it has none.

    Searched from the end, and only a "Recent Posts" line directly followed by a
    "See All…" line counts, so a paragraph that talks about recent posts stays.
    """
    for index in range(len(lines) - 2, _HEADER_LINES - 1, -1):
        if lines[index].text == "Recent Posts" and lines[index + 1].text.startswith("See All"):
            return index
    return len(lines)


def _slug(path: Path, title: _Line) -> str:
    # A title in a non-Latin script has no ASCII slug; keep its own letters instead.
    slug = slugify(title.text) or slugify(title.text, allow_unicode=True)
    if not slug:
        raise ImportFileError(
            path,
            f"line {title.number}",
            f"the title {title.text!r} has no letters or digits to make the post's address from",
        )
    return slug


def _unexpected(path: Path, lines: list[_Line], index: int, expected: str) -> ImportFileError:
    """The error for ``lines[index]`` not being what the layout has there."""
    if index >= len(lines):
        item = f"after line {lines[-1].number}"
        return ImportFileError(path, item, f"{expected}, found the end of the file")
    line = lines[index]
    shown = line.text
    if len(shown) > _SHOWN_CHARACTERS:
        shown = shown[:_SHOWN_CHARACTERS] + "…"
    return ImportFileError(path, f"line {line.number}", f"{expected}, found {shown!r}")
