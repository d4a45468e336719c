"""The import formats Broadsheet reads, and which one a file is in."""

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import (
    broadsheet_json,
    feed,
    ghost,
    html,
    medium,
    substack,
    text,
    wix_csv,
    wxr,
)
from broadsheet.importers.records import Record


class ImportFormat(Protocol):
    """What a format module provides; each module in this package is one."""

    DESCRIPTION: str

    def detect(self, path: Path) -> bool: ...

    def parse(self, path: Path) -> Iterator[Record]: ...


# Detection tries these in order: list formats that recognise their files by content
# before loose ones. The text format claims every .txt file, so it stays last.
FORMATS: dict[str, ImportFormat] = {
    # Broadsheet's own export (manage.py export --format json), by the broadsheet.json
    # inside its zip.
    "json": broadsheet_json,
    # A WordPress export by the WXR namespace on its <rss> root, a Ghost export by the
    # opening of its JSON: before "feed", which would take a WordPress export for RSS.
    "wxr": wxr,
    "ghost": ghost,
    # Exports recognised by what is inside them: Substack's by a posts.csv starting
    # "post_id,", Medium's by h-entry pages in posts/ (Substack's posts/ holds bare
    # fragments), Wix's by its CSV header, a feed by its <rss> or Atom <feed> root
    # (never a WordPress export, though that is RSS too).
    "substack": substack,
    "medium": medium,
    "wix-csv": wix_csv,
    "feed": feed,
    # Any .html or .htm file left: a saved article page.
    "html": html,
    "text": text,
}


# Other names --format accepts: the names of earlier versions, and the obvious ones.
FORMAT_ALIASES = {
    "broadsheet": "json",
    "wix": "wix-csv",
    "wordpress": "wxr",
    "rss": "feed",
    "atom": "feed",
}


def format_for(path: Path, *, name: str | None = None) -> ImportFormat:
    """The format called ``name``, or else the first whose ``detect`` recognises the file."""
    if name is not None:
        return FORMATS[FORMAT_ALIASES.get(name, name)]
    for import_format in FORMATS.values():
        if import_format.detect(path):
            return import_format
    known = "; ".join(f"{key} ({fmt.DESCRIPTION})" for key, fmt in FORMATS.items())
    raise ImportFileError(
        path,
        None,
        f"not in a format Broadsheet recognises. It can import: {known}. "
        "If you know the file's format, name it with --format.",
    )
