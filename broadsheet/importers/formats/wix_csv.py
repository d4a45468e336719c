"""Wix's blog posts exported as CSV, a row a post.

The columns used: Title, Slug, Author, Excerpt, Published Date, Last Published Date,
Featured (kept at the top of lists), Main Category, Categories, Tags, Cover Image,
Rich Content (Ricos JSON, turned into HTML by _ricos.py), Plain Content, Post Page URL
(redirected from) and ID.

- No Published Date: a draft, dated by Last Published Date, else by the export file.
- Rich Content that is not JSON: the Plain Content instead, without formatting, noted.
- Cover Image "wix:image://v1/<id>/<name>#…" is the file at static.wixstatic.com/media/<id>.
- Tags and Categories hold the ids of Wix records, which the export does not name; a
  value that reads as a name ("Market News") is kept, an id ("tag-id", a UUID) is
  left out and noted. Main Category is the post's category, the others become tags.
"""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from broadsheet.importers import limits
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats._ricos import ricos_html, wix_media_url
from broadsheet.importers.parsing import (
    UNKNOWN_AUTHOR,
    UNKNOWN_AUTHOR_NOTE,
    csv_file_rows,
    export_time,
    iso_datetime,
    title_slug,
    url_slug,
)
from broadsheet.importers.records import (
    AuthorRecord,
    ImageRecord,
    NoteRecord,
    PostRecord,
    PostStatus,
    ProblemRecord,
    Record,
)
from broadsheet.importers.results import Kind

DESCRIPTION = (
    "Wix's blog posts exported as CSV (with Title, Rich Content and Post Page URL columns)"
)

_REQUIRED_COLUMNS = {"Title", "Rich Content", "Plain Content", "Post Page URL"}
_DETECT_BYTES = 4096
_WIX_IMAGE = re.compile(r"wix:image://v1/(?P<id>[^/#]+)/")
# Wix ids: UUIDs, 24 hex digits, or lowercase words joined by - or _ ("tag-id").
_WIX_ID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|[0-9a-f]{24}"
    r"|[a-z0-9]+(?:[-_][a-z0-9]+)+"
)
_TRUE = "true"
_RICH_CONTENT_FACTOR = 5


def detect(path: Path) -> bool:
    """A .csv file whose header names Wix's post columns."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with path.open(encoding="utf-8-sig", errors="replace") as file:
        start = file.read(_DETECT_BYTES)
    try:
        header = next(csv.reader(io.StringIO(start)), [])
    except csv.Error:
        return False
    return set(header) >= _REQUIRED_COLUMNS


def parse(path: Path) -> Iterator[Record]:
    """A post for each row, in order; what a row loses on the way comes with a note."""
    with csv_file_rows(path, path=path) as (columns, rows):
        missing = _REQUIRED_COLUMNS - set(columns)
        if missing:
            raise ImportFileError(path, "row 1", f"lacks the columns {', '.join(sorted(missing))}")
        undated = export_time(path)
        # Numbered as a spreadsheet shows them: the header is row 1.
        for number, row in enumerate(rows, start=2):
            item = f"row {number} ({row['Title'] or 'untitled'})"
            yield from _row(row, item=item, undated=undated)


def _row(
    row: dict[str, str], *, item: str, undated: dt.datetime
) -> Iterator[PostRecord | NoteRecord | ProblemRecord]:
    title = " ".join(row["Title"].split())
    if not title:
        yield NoteRecord(item, "skipped: the row has no title", skipped=Kind.POST)
        return
    size = len(row["Rich Content"]) + len(row["Plain Content"])
    # Rich Content is JSON about four times the size of the HTML it makes.
    if size > _RICH_CONTENT_FACTOR * limits.MAX_POST_CHARACTERS:
        limit = _RICH_CONTENT_FACTOR * limits.MAX_POST_CHARACTERS
        yield ProblemRecord(item, limits.too_large(size, limit, "a post's Rich Content"))
        return
    published = iso_datetime(row.get("Published Date", ""))
    last_published = iso_datetime(row.get("Last Published Date", ""))
    body = _body(row)
    for note in body.notes:
        yield NoteRecord(item, note)
    category, tags, ids = _category_and_tags(row)
    if ids:
        yield NoteRecord(
            item,
            f"left out tags and categories the export gives only as Wix ids: {', '.join(ids)}",
        )
    author = row.get("Author", "")
    if not author:
        yield NoteRecord(item, f"the row names no author: the post is {UNKNOWN_AUTHOR_NOTE}")
    date = published or last_published or undated
    page_url = row.get("Post Page URL", "")
    yield PostRecord(
        source_id=f"wix:{row.get('ID') or row.get('Internal ID') or page_url or title}",
        title=title,
        slug=title_slug(row.get("Slug", "")) or url_slug(page_url) or title_slug(title),
        author=AuthorRecord(name=author) if author else UNKNOWN_AUTHOR,
        date=date,
        status=PostStatus.PUBLISHED if published else PostStatus.DRAFT,
        body_html=body.html,
        paragraphs=body.paragraphs,
        excerpt=row.get("Excerpt", ""),
        tags=tags,
        category=category,
        old_urls=(page_url,) if page_url and published else (),
        modified=last_published if last_published and last_published != date else None,
        sticky=row.get("Featured", "").lower() == _TRUE,
        cover_image=_cover_image(row.get("Cover Image", "")),
        images=body.images,
    )


class _Body(NamedTuple):
    html: str = ""
    paragraphs: tuple[str, ...] = ()
    images: tuple[ImageRecord, ...] = ()
    notes: tuple[str, ...] = ()


def _body(row: dict[str, str]) -> _Body:
    """The body as HTML from Rich Content, else as Plain Content's paragraphs; and notes."""
    plain = tuple(line.strip() for line in row["Plain Content"].splitlines() if line.strip())
    rich = row["Rich Content"]
    if not rich:
        return _Body(paragraphs=plain)
    try:
        document = json.loads(rich)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        note = "Rich Content is not Ricos JSON: imported Plain Content, unformatted"
        return _Body(paragraphs=plain, notes=(note,))
    rendered = ricos_html(document)
    notes: tuple[str, ...] = ()
    if rendered.unsupported:
        kinds = ", ".join(sorted(rendered.unsupported))
        notes = (f"Rich Content parts with no place in a post, kept as text only: {kinds}",)
    return _Body(html=rendered.html, images=tuple(rendered.images), notes=notes)


def _category_and_tags(row: dict[str, str]) -> tuple[str, tuple[str, ...], list[str]]:
    """The category, the tags, and the ids left out because they name nothing."""
    main = row.get("Main Category", "")
    values = [main, *_list(row.get("Categories", "")), *_list(row.get("Tags", ""))]
    names = [value for value in values if value and not _WIX_ID.fullmatch(value)]
    ids = [value for value in values if value and _WIX_ID.fullmatch(value)]
    category = main if main in names else ""
    tags = tuple(dict.fromkeys(name for name in names if name != category))
    return category, tags, list(dict.fromkeys(ids))


def _list(value: str) -> list[str]:
    """A JSON list of strings, or the one plain value Wix writes instead of a list."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return [value]
    items = parsed if isinstance(parsed, list) else [parsed]
    return [str(item).strip() for item in items if isinstance(item, str)]


def _cover_image(value: str) -> ImageRecord | None:
    if value.startswith(("https://", "http://")):
        return ImageRecord(url=value)
    match = _WIX_IMAGE.match(value)
    return ImageRecord(url=wix_media_url(match["id"])) if match else None
