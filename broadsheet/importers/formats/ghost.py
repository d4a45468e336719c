"""Ghost exports: the JSON file from Settings → Advanced → Export, Ghost 1 to 5 and later,
alone or in a zip with the site's pictures (content/images/…).

The file is ``{"db": [{"meta": …, "data": …}]}``, or in hand-made and migration files
just ``{"meta": …, "data": …}``. ``data`` holds tables: posts (pages among them),
users, tags, and the tables joining them. Yields a category for each tag that is some
post's primary tag, then one record per post and page, then the addresses of the tag
and author pages, then notes on what was left out.

The document is streamed (ijson), in two passes: the first reads every table but the
posts, which are most of a big export; the second reads the posts one at a time. A
post's pictures in the zip are imported from it; __GHOST_URL__, Ghost's placeholder
for its own address, finds them there too.
"""

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import ijson
from django.utils.text import slugify

from broadsheet.importers import limits
from broadsheet.importers.archives import export_folder, zip_entry_names, zip_entry_start
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats._ghost_lexical import lexical_html
from broadsheet.importers.formats._ghost_mobiledoc import mobiledoc_html
from broadsheet.importers.formats._html import text_with_links
from broadsheet.importers.records import (
    AuthorRecord,
    CategoryRecord,
    ImageRecord,
    MediaFolderRecord,
    NoteRecord,
    OldAddressRecord,
    PostKind,
    PostRecord,
    PostStatus,
    ProblemRecord,
    Record,
)
from broadsheet.importers.results import Kind
from broadsheet.importers.slugs import clean_slug

type Row = dict[str, Any]

DESCRIPTION = (
    "a Ghost export (.json, or a .zip of it with the site's content/images), from "
    "Settings → Advanced → Export in Ghost"
)

_DETECT_BYTES = 4096
# The export's opening: {"db": [{"meta" or "data", or {"meta" or "data" at the top.
_GHOST_START = re.compile(rb'^\s*\{\s*(?:"db"\s*:\s*\[\s*\{\s*)?"(?:meta|data)"\s*:\s*\{')
_DB_START = re.compile(rb'^\s*\{\s*"db"\s*:')
_EXPECTED = (
    'expected a Ghost export: a JSON object {"db": [{"meta": …, "data": {"posts": […]}}]} '
    'or {"meta": …, "data": {"posts": […]}}'
)
_UNTITLED = "(Untitled)"
# Ghost 4 and later write the site's own address as this placeholder in exports.
_SITE_PLACEHOLDER = "__GHOST_URL__"
# Who could read a post that was not public, by Ghost's visibility.
_AUDIENCES = {"members": "members", "paid": "paying members", "tiers": "some tiers' members"}
_STATUSES = {"published": PostStatus.PUBLISHED, "scheduled": PostStatus.SCHEDULED}
# The tables read before the posts: everything a post refers to.
_TABLES = ("users", "tags", "posts_meta", "posts_authors", "posts_tags", "roles", "roles_users")
_SETTINGS = "settings"
_UTF8_BOM = b"\xef\xbb\xbf"


def detect(path: Path) -> bool:
    """A JSON file opening the way Ghost's exports do, read from its first few KB; or a
    zip or folder holding one."""
    if path.is_dir():
        return _document_in(path) is not None
    if path.suffix.lower() == ".zip":
        return any(
            _is_ghost_start(zip_entry_start(path, name, _DETECT_BYTES))
            for name in zip_entry_names(path)
            if _is_document_name(name)
        )
    if not path.is_file():
        return False
    with path.open("rb") as file:
        return _is_ghost_start(file.read(_DETECT_BYTES))


def parse(path: Path) -> Iterator[Record]:
    """The primary tags as categories, then the posts and pages, then the old addresses
    of the tag and author pages, then notes."""
    if path.is_file() and path.suffix.lower() != ".zip":
        yield from _document_records(path, origin=path, pictures_at_hand=False)
        return
    with export_folder(path) as folder:
        document = _document_in(folder)
        if document is None:
            raise ImportFileError(path, None, "no Ghost export (.json) in it")
        # The site's pictures, as Ghost keeps them under content/images.
        yield MediaFolderRecord(folder)
        yield from _document_records(document, origin=path, pictures_at_hand=True)


def _document_records(path: Path, *, origin: Path, pictures_at_hand: bool) -> Iterator[Record]:
    """The records of one export document. With its pictures at hand (in its zip), the
    placeholder for the site's address matters only in links."""
    export = _Export.read(path, origin=origin)
    yield from export.category_records()
    placeholder_posts = 0
    for index, post in enumerate(export.posts()):
        if not isinstance(post, dict):
            raise ImportFileError(origin, f"posts[{index}]", "expected a post (a JSON object)")
        records = list(_post_records(post, export))
        placeholder_posts += any(
            isinstance(record, PostRecord) and _uses_placeholder(record, pictures_at_hand)
            for record in records
        )
        yield from records
    yield from export.listing_addresses()
    if placeholder_posts:
        yield NoteRecord(
            f"{placeholder_posts} post{'s' if placeholder_posts > 1 else ''}",
            f"Ghost wrote the site's address as {_SITE_PLACEHOLDER} and the export does not "
            f"say what it was, so their {'links' if pictures_at_hand else 'images and links'} "
            "to the site lead nowhere. Replace "
            f"{_SITE_PLACEHOLDER} in the file with the site's address (https://…) and import "
            "again.",
        )


@dataclass
class _Export:
    """The export's tables, with the joins from each post to its authors and tags; the
    posts themselves are read from the file as they are asked for."""

    path: Path
    origin: Path
    # "db.item.data" or "data": where the tables are in the document.
    data_prefix: str
    users: dict[str, Row]
    tags: dict[str, Row]
    posts_meta: dict[str, Row]
    post_authors: dict[str, list[str]]
    post_tags: dict[str, list[str]]
    # Credited with posts whose author the export does not name.
    owner: Row | None
    language: str

    @classmethod
    def read(cls, path: Path, *, origin: Path) -> "_Export":
        data_prefix = _data_prefix(path, origin)
        tables = {name: _table(path, origin, f"{data_prefix}.{name}") for name in _TABLES}
        users = _by_id(tables["users"])
        settings = {
            str(row.get("key")): row.get("value")
            for row in _rows(_table(path, origin, f"{data_prefix}.{_SETTINGS}"))
        }
        return cls(
            path=path,
            origin=origin,
            data_prefix=data_prefix,
            users=users,
            tags=_by_id(tables["tags"]),
            posts_meta={str(row.get("post_id")): row for row in _rows(tables["posts_meta"])},
            post_authors=_joined(tables["posts_authors"], "author_id"),
            post_tags=_joined(tables["posts_tags"], "tag_id"),
            owner=_owner(tables, users) or next(iter(users.values()), None),
            language=str(settings.get("lang") or settings.get("default_locale") or ""),
        )

    def posts(self) -> Iterator[Any]:
        """The posts table, one post at a time, straight from the file."""
        with _opened(self.path) as file:
            try:
                yield from ijson.items(file, f"{self.data_prefix}.posts.item", use_float=True)
            except ijson.JSONError as error:
                raise _json_error(self.path, self.origin) from error

    def public_tags(self, post: Row) -> list[Row]:
        """The post's named tags in Ghost's order, the primary first; #internal ones left out."""
        return self._public_tags(str(post.get("id")))

    def _public_tags(self, post_id: str) -> list[Row]:
        tags = (self.tags.get(tag_id) for tag_id in self.post_tags.get(post_id, []))
        return [
            tag
            for tag in tags
            if tag
            and tag.get("name")
            and not str(tag["name"]).startswith("#")
            and tag.get("visibility") != "internal"
        ]

    def category_records(self) -> list[CategoryRecord]:
        primary = {
            str(tag.get("id")): tag
            for post_id in self.post_tags
            for tag in self._public_tags(post_id)[:1]
        }
        return [
            CategoryRecord(
                name=str(tag.get("name")),
                slug=str(tag.get("slug") or ""),
                description=str(tag.get("description") or ""),
            )
            for tag in primary.values()
        ]

    def listing_addresses(self) -> Iterator[OldAddressRecord]:
        """Ghost's tag and author pages, /tag/<slug>/ and /author/<slug>/."""
        for tag in self.tags.values():
            name, slug = str(tag.get("name") or ""), str(tag.get("slug") or "")
            if name and slug and not name.startswith("#"):
                yield OldAddressRecord(f"/tag/{slug}/", "tag", name)
        for user in self.users.values():
            if user.get("slug"):
                yield OldAddressRecord(f"/author/{user['slug']}/", "author", _author(user).name)

    def authors(self, post: Row) -> list[Row]:
        """The post's authors, the primary first; older exports name one in author_id."""
        ids = self.post_authors.get(str(post.get("id"))) or [str(post.get("author_id"))]
        authors = [self.users[user_id] for user_id in ids if user_id in self.users]
        return authors or ([self.owner] if self.owner else [])


@contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    """The file, past a UTF-8 byte order mark, which the JSON parser would not take."""
    with path.open("rb") as file:
        if file.read(len(_UTF8_BOM)) != _UTF8_BOM:
            file.seek(0)
        yield file


def _data_prefix(path: Path, origin: Path) -> str:
    """Where the tables are: under db[0].data, or under data in the bare shape."""
    with _opened(path) as file:
        head = file.read(_DETECT_BYTES)
    if not _GHOST_START.match(head):
        # Read whole only to say what is wrong: this is no export, or broken JSON.
        document = _json(path, origin)
        _data(origin, document)
    return "db.item.data" if _DB_START.match(head) else "data"


def _table(path: Path, origin: Path, prefix: str) -> Any:
    with _opened(path) as file:
        try:
            return next(ijson.items(file, prefix, use_float=True), None)
        except ijson.JSONError as error:
            raise _json_error(path, origin) from error


def _json_error(path: Path, origin: Path) -> ImportFileError:
    """The error for a broken document, placed by line and column: the streaming parser
    cannot say where, the standard library's can (reading it whole, once, to say so)."""
    try:
        _json(path, origin)
    except ImportFileError as error:
        return error
    return ImportFileError(origin, None, "not valid JSON")


def _document_in(folder: Path) -> Path | None:
    """The Ghost export in an unpacked zip: the one .json file at its top or one folder
    down that is one. A folder of several is a collection, not an export."""
    found = []
    for candidate in sorted([*folder.glob("*.json"), *folder.glob("*/*.json")]):
        with candidate.open("rb") as file:
            if _is_ghost_start(file.read(_DETECT_BYTES)):
                found.append(candidate)
    return found[0] if len(found) == 1 else None


def _is_document_name(name: str) -> bool:
    return name.endswith(".json") and name.count("/") <= 1


def _is_ghost_start(head: bytes) -> bool:
    return _GHOST_START.match(head.removeprefix(_UTF8_BOM)) is not None


def _json(path: Path, origin: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as file:
            return json.load(file)
    except json.JSONDecodeError as error:
        item = f"line {error.lineno}, column {error.colno}"
        raise ImportFileError(origin, item, f"not valid JSON: {error.msg}") from error
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start})"
        raise ImportFileError(origin, None, message) from error


def _data(path: Path, document: Any) -> Row:
    """The ``data`` of either shape of export; ImportFileError for anything else."""
    if isinstance(document, dict) and isinstance(document.get("db"), list) and document["db"]:
        document = document["db"][0]
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise ImportFileError(path, None, f"not a Ghost export: {_EXPECTED}")
    return data


def _rows(table: Any) -> list[Row]:
    return [row for row in table if isinstance(row, dict)] if isinstance(table, list) else []


def _by_id(table: Any) -> dict[str, Row]:
    return {str(row.get("id")): row for row in _rows(table)}


def _joined(table: Any, column: str) -> dict[str, list[str]]:
    """From a join table: for each post id, the other side's ids in Ghost's order."""
    joined: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in _rows(table):
        order = row.get("sort_order")
        joined[str(row.get("post_id"))].append(
            (order if isinstance(order, int) else 0, str(row.get(column)))
        )
    # sorted() is stable: rows of one sort_order keep the file's order.
    return {
        post_id: [id_ for _, id_ in sorted(pairs, key=lambda pair: pair[0])]
        for post_id, pairs in joined.items()
    }


def _owner(tables: Row, users: dict[str, Row]) -> Row | None:
    """The user with Ghost's Owner role, when the export has roles."""
    owner_roles = {
        str(role.get("id")) for role in _rows(tables.get("roles")) if role.get("name") == "Owner"
    }
    owners = (
        users.get(str(link.get("user_id")))
        for link in _rows(tables.get("roles_users"))
        if str(link.get("role_id")) in owner_roles
    )
    return next((user for user in owners if user), None)


def _post_records(post: Row, export: _Export) -> Iterator[Record]:
    """The post's record, after notes on what of it is left out or changed."""
    title = str(post.get("title") or "") or _UNTITLED
    label = f'{_kind(post)} "{title}"'
    date = _moment(post.get("published_at")) or _moment(post.get("created_at"))
    authors = export.authors(post)
    if date is None:
        yield NoteRecord(
            label,
            "it has no date (no published_at or created_at), so it is not imported; give it "
            "one in the file and import again",
            skipped=Kind.PAGE if _kind(post) is PostKind.PAGE else Kind.POST,
        )
        return
    if not authors:
        yield NoteRecord(label, "it has no author and the export no users; not imported")
        return
    if len(authors) > 1:
        others = ", ".join(str(author.get("name")) for author in authors[1:])
        yield NoteRecord(label, f"co-authors not credited, as a post here has one author: {others}")
    status = _STATUSES.get(str(post.get("status")), PostStatus.DRAFT)
    visibility = str(post.get("visibility") or "public")
    if visibility != "public" and status is not PostStatus.DRAFT:
        # Published here, a members-only post would be free to everyone.
        status = PostStatus.DRAFT
        audience = _AUDIENCES.get(visibility, visibility)
        yield NoteRecord(
            label, f"for {audience} only in Ghost: imported as a draft, so it stays theirs"
        )
    size = max(len(str(post.get(key) or "")) for key in ("html", "lexical", "mobiledoc"))
    if size > limits.MAX_POST_CHARACTERS:
        yield ProblemRecord(
            label,
            limits.too_large(size, limits.MAX_POST_CHARACTERS, "a post"),
            kind=Kind.PAGE if _kind(post) is PostKind.PAGE else Kind.POST,
        )
        return
    body_html, body_notes = _body(post)
    yield from (NoteRecord(label, note) for note in body_notes)
    yield _post(
        post, export, title=title, author=authors[0], date=date, status=status, body_html=body_html
    )


def _post(
    post: Row,
    export: _Export,
    *,
    title: str,
    author: Row,
    date: dt.datetime,
    status: PostStatus,
    body_html: str,
) -> PostRecord:
    tag_names = [str(tag["name"]) for tag in export.public_tags(post)]
    slug = str(post.get("slug") or "") or slugify(title) or clean_slug(title)
    meta = export.posts_meta.get(str(post.get("id")), {})
    return PostRecord(
        source_id=f"ghost:{post.get('uuid') or post.get('id')}",
        title=title,
        slug=slug,
        author=_author(author),
        date=date,
        body_html=body_html,
        # Ghost keeps a plain-text copy of every post: the body when no HTML can be had.
        paragraphs=() if body_html else _paragraphs(post.get("plaintext")),
        excerpt=str(post.get("custom_excerpt") or ""),
        # The primary tag is the category; the others stay tags.
        tags=tuple(tag_names[1:]),
        category=tag_names[0] if tag_names else "",
        status=status,
        kind=_kind(post),
        # Ghost's default permalink; a site with custom routes had others too.
        old_urls=(f"/{slug}/",),
        modified=_moment(post.get("updated_at")),
        # Ghost's "featured" posts are the ones its themes pin and highlight.
        sticky=bool(post.get("featured")),
        cover_image=_cover(post, meta),
        language=str(post.get("locale") or export.language),
        # Ghost 1 to 3 keep these on the post, Ghost 4 and later in posts_meta.
        seo_title=str(meta.get("meta_title") or post.get("meta_title") or ""),
        search_description=str(meta.get("meta_description") or post.get("meta_description") or ""),
    )


def _kind(post: Row) -> PostKind:
    # Ghost 1 and 2 flag pages with page: true (or 1); later versions say type: "page".
    return (
        PostKind.PAGE
        if post.get("type") == "page" or post.get("page") in (True, 1)
        else PostKind.POST
    )


def _body(post: Row) -> tuple[str, list[str]]:
    """The post's HTML, and notes on what of it was lost.

    Ghost's own rendering when the export has it, else one made from the lexical or
    mobiledoc document; "" when neither can be read, for the plain text to stand in.
    """
    if isinstance(post.get("html"), str) and post["html"].strip():
        return post["html"], []
    for key, render in (("lexical", lexical_html), ("mobiledoc", mobiledoc_html)):
        source = post.get(key)
        if not source:
            continue
        try:
            body, unknown_cards = render(json.loads(source) if isinstance(source, str) else source)
        except (ValueError, TypeError, LookupError, AttributeError):
            return "", [f"its {key} document is damaged: imported from Ghost's plain-text copy"]
        left_out = ", ".join(sorted(unknown_cards))
        return body, [f"cards left out, having no equivalent here: {left_out}"] if left_out else []
    return "", []


def _paragraphs(plaintext: Any) -> tuple[str, ...]:
    if not isinstance(plaintext, str):
        return ()
    return tuple(part.strip() for part in re.split(r"\n\s*\n", plaintext) if part.strip())


def _author(user: Row) -> AuthorRecord:
    return AuthorRecord(
        name=str(user.get("name") or user.get("slug") or ""),
        slug=str(user.get("slug") or ""),
        bio=str(user.get("bio") or ""),
        email=str(user.get("email") or ""),
    )


def _cover(post: Row, meta: Row) -> ImageRecord | None:
    """The feature image, with its alt text and caption (in posts_meta since Ghost 4)."""
    url = post.get("feature_image")
    if not url:
        return None
    alt = meta.get("feature_image_alt") or post.get("feature_image_alt") or ""
    caption = meta.get("feature_image_caption") or post.get("feature_image_caption") or ""
    return ImageRecord(url=str(url), alt=str(alt), caption=text_with_links(str(caption)))


def _moment(value: Any) -> dt.datetime | None:
    """A Ghost date: epoch milliseconds (Ghost 1), or ISO or "YYYY-MM-DD hh:mm:ss" in UTC."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
        moment = dt.datetime.fromisoformat(value.strip()) if isinstance(value, str) else None
    except (ValueError, OverflowError, OSError):
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _uses_placeholder(record: PostRecord, pictures_at_hand: bool) -> bool:
    if pictures_at_hand:
        return f'href="{_SITE_PLACEHOLDER}' in record.body_html
    cover = record.cover_image.url if record.cover_image else ""
    return _SITE_PLACEHOLDER in record.body_html or _SITE_PLACEHOLDER in cover
