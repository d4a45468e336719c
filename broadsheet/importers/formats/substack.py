"""Substack's export: the zip, the folder it unpacks to, or that folder's posts.csv.

posts.csv has a row per post (post_id, post_date, is_published, type, audience, title,
subtitle, podcast_url), and posts/<post_id>.html holds its body. The post_id is
"<number>.<slug>": the slug keeps the post's address, and /p/<slug> is redirected.

- newsletter: a post. podcast: a post whose body opens with the episode's audio, which
  stays where Substack hosts it, an embed card leading to it (noted). thread: skipped
  with a note; a thread is a discussion among readers, not something the author wrote.
  page: a page.
- is_published false: a draft.
- audience other than "everyone" (paid subscribers, founding members, signed-up
  readers): imported as a draft with a note. Broadsheet has no paywall, so publishing
  the post would give everyone what the author gave only to some; the editor decides.
- Substack's "subscribe" and "leave a comment" buttons are dropped from bodies: they
  lead to Substack's pages for a publication that has left it.
- The export names no author: posts take parsing.UNKNOWN_AUTHOR, said in a note.
"""

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from broadsheet.importers import limits
from broadsheet.importers.archives import export_folder, zip_entry_names, zip_entry_start
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.parsing import (
    UNKNOWN_AUTHOR,
    UNKNOWN_AUTHOR_NOTE,
    csv_file_rows,
    export_time,
    fragment,
    images_in,
    inner_html,
    iso_datetime,
    remove_element,
    title_slug,
    utf8_text,
    xpath_has_class,
)
from broadsheet.importers.records import (
    MediaFolderRecord,
    NoteRecord,
    PostKind,
    PostRecord,
    PostStatus,
    ProblemRecord,
    Record,
)
from broadsheet.importers.results import Kind

DESCRIPTION = "a Substack export: its .zip, the folder it unpacks to, or its posts.csv"

_POSTS_CSV = "posts.csv"
_POSTS = "posts"
_UTF8_BOM = b"\xef\xbb\xbf"
_HEADER_START = b"post_id,"
_DETECT_BYTES = len(_UTF8_BOM) + len(_HEADER_START)
_REQUIRED_COLUMNS = {"post_id", "post_date", "is_published", "type", "title"}
_EVERYONE = "everyone"
_AUDIENCES = {
    "only_paid": "paying subscribers",
    "founding": "founding members",
    "only_free": "readers who had signed up",
}
_SKIPPED_TYPES = {"thread": "a thread is a discussion among readers, not a post"}
_PAGE_TYPES = {"page"}
_SUBSTACK_FURNITURE = etree.XPath(
    f"//*[{xpath_has_class('button-wrapper')} or {xpath_has_class('subscription-widget-wrap')}]"
)


def detect(path: Path) -> bool:
    """A zip or folder with Substack's posts.csv in it, or that posts.csv itself."""
    if path.is_dir():
        return _is_posts_csv_start(_file_start(path / _POSTS_CSV))
    if path.name == _POSTS_CSV:
        return _is_posts_csv_start(_file_start(path))
    if path.suffix.lower() == ".zip" and _POSTS_CSV in zip_entry_names(path):
        return _is_posts_csv_start(zip_entry_start(path, _POSTS_CSV, _DETECT_BYTES))
    return False


def parse(path: Path) -> Iterator[Record]:
    """A post for each row of posts.csv, in its order; skipped rows come with a note."""
    if path.name == _POSTS_CSV:
        yield from _export(path.parent, origin=path)
        return
    with export_folder(path) as folder:
        yield from _export(folder, origin=path)


def _export(folder: Path, *, origin: Path) -> Iterator[Record]:
    posts_csv = folder / _POSTS_CSV
    if not posts_csv.is_file():
        raise ImportFileError(origin, None, "no posts.csv in the Substack export")
    with csv_file_rows(posts_csv, path=origin, name=_POSTS_CSV) as (columns, rows):
        missing = _REQUIRED_COLUMNS - set(columns)
        if missing:
            raise ImportFileError(
                origin, _POSTS_CSV, f"posts.csv lacks the columns {', '.join(sorted(missing))}"
            )
        yield NoteRecord(
            _POSTS_CSV, f"Substack's export names no author: its posts are {UNKNOWN_AUTHOR_NOTE}"
        )
        # Pictures saved beside the posts are taken from here rather than fetched.
        yield MediaFolderRecord(folder)
        undated = export_time(origin)
        # Numbered as a spreadsheet shows them: the header is row 1.
        for number, row in enumerate(rows, start=2):
            item = f"posts.csv row {number}"
            yield from _row(row, folder=folder, origin=origin, item=item, undated=undated)


def _row(
    row: dict[str, str], *, folder: Path, origin: Path, item: str, undated: dt.datetime
) -> Iterator[PostRecord | NoteRecord | ProblemRecord]:
    post_id = row["post_id"]
    title = " ".join(html.unescape(row["title"]).split())
    post_type = row["type"]
    named = f"{item} ({title or post_id})"
    if post_type in _SKIPPED_TYPES:
        yield NoteRecord(named, f"skipped: {_SKIPPED_TYPES[post_type]}")
        return
    if not title:
        yield NoteRecord(named, "skipped: the row has no title")
        return
    posts = folder / _POSTS
    body_file = posts / f"{post_id}.html"
    # The id names a file: one that climbs out of posts/ ("../../x") is not Substack's.
    if not body_file.resolve().is_relative_to(posts.resolve()):
        yield NoteRecord(named, f"skipped: the post_id {post_id!r} is not a file name")
        return
    if not body_file.is_file():
        yield NoteRecord(
            named,
            f"skipped: its body, posts/{post_id}.html, is not in the export",
            skipped=Kind.POST,
        )
        return
    size = body_file.stat().st_size
    if size > limits.MAX_POST_FILE_BYTES:
        message = limits.too_large_file(size, limits.MAX_POST_FILE_BYTES)
        yield ProblemRecord(f"{named}, posts/{post_id}.html", message)
        return
    body = fragment(utf8_text(body_file, path=origin, item=f"posts/{post_id}.html"))
    for furniture in _SUBSTACK_FURNITURE(body):
        remove_element(furniture)
    podcast_url = row.get("podcast_url", "")
    if podcast_url.startswith(("https://", "http://")):
        body.insert(0, _audio(podcast_url))
        yield NoteRecord(
            named, f"the episode's audio stays at {podcast_url}, the post's card leading to it"
        )
    date = iso_datetime(row["post_date"])
    was_public = row["is_published"].lower() == "true"
    published = was_public and date is not None
    audience = row.get("audience") or _EVERYONE
    if published and audience != _EVERYONE:
        published = False
        yield NoteRecord(
            named,
            f"kept as a draft: Substack showed it only to {_AUDIENCES.get(audience, audience)}, "
            "and publishing it here would show it to everyone",
        )
    slug = _slug(post_id) or title_slug(title)
    yield PostRecord(
        source_id=f"substack:{post_id}",
        title=title,
        slug=slug,
        author=UNKNOWN_AUTHOR,
        date=date or undated,
        status=PostStatus.PUBLISHED if published else PostStatus.DRAFT,
        kind=PostKind.PAGE if post_type in _PAGE_TYPES else PostKind.POST,
        body_html=inner_html(body).strip(),
        excerpt=" ".join(html.unescape(row.get("subtitle", "")).split()),
        old_urls=(f"/p/{slug}",) if was_public else (),
        images=images_in(body),
    )


def _file_start(path: Path) -> bytes:
    if not path.is_file():
        return b""
    with path.open("rb") as file:
        return file.read(_DETECT_BYTES)


def _is_posts_csv_start(start: bytes) -> bool:
    return start.removeprefix(_UTF8_BOM).startswith(_HEADER_START)


def _slug(post_id: str) -> str:
    """The slug in a post_id such as "123401.plain-text"; "" when it has none."""
    _number, _dot, slug = post_id.partition(".")
    return title_slug(slug)


def _audio(url: str) -> etree._Element:
    """The episode's player, which the import keeps as an embed card leading to it."""
    figure = etree.Element("figure")
    etree.SubElement(figure, "audio", src=url)
    caption = etree.SubElement(figure, "figcaption")
    caption.text = "Listen to the episode"
    return figure
