"""Ghost exports: the JSON file from Settings → Advanced → Export, Ghost 1 to 5 and later.

The file is ``{"db": [{"meta": …, "data": …}]}``, or in hand-made and migration files
just ``{"meta": …, "data": …}``. ``data`` holds tables: posts (pages among them),
users, tags, and the tables joining them. Yields a category for each tag that is some
post's primary tag, then one record per post and page, then notes on what was left
out. A Ghost export is one JSON document, so it is read whole.
"""

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats._ghost_lexical import lexical_html
from broadsheet.importers.formats._ghost_mobiledoc import mobiledoc_html
from broadsheet.importers.formats._html import text_with_links
from broadsheet.importers.records import (
    AuthorRecord,
    CategoryRecord,
    ImageRecord,
    NoteRecord,
    PostKind,
    PostRecord,
    PostStatus,
    Record,
)

type Row = dict[str, Any]

DESCRIPTION = "a Ghost export (.json), from Settings → Advanced → Export in Ghost"

_DETECT_BYTES = 4096
# The export's opening: {"db": [{"meta" or "data", or {"meta" or "data" at the top.
_GHOST_START = re.compile(rb'^\s*\{\s*(?:"db"\s*:\s*\[\s*\{\s*)?"(?:meta|data)"\s*:\s*\{')
_EXPECTED = (
    'expected a Ghost export: a JSON object {"db": [{"meta": …, "data": {"posts": […]}}]} '
    'or {"meta": …, "data": {"posts": […]}}'
)
_UNTITLED = "(Untitled)"
# Ghost 4 and later write the site's own address as this placeholder in exports.
_SITE_PLACEHOLDER = "__GHOST_URL__"
# Who could read a post that was not public, by Ghost's visibility.
_AUDIENCES = {"members": "members", "paid": "paying members", "tiers": "some tiers' members"}


def detect(path: Path) -> bool:
    """A JSON file opening the way Ghost's exports do, read from its first few KB."""
    # Other formats take folders (an unpacked export); they are not this one.
    if not path.is_file():
        return False
    with path.open("rb") as file:
        head = file.read(_DETECT_BYTES).removeprefix(b"\xef\xbb\xbf")
    return _GHOST_START.match(head) is not None


def parse(path: Path) -> Iterator[Record]:
    """The primary tags as categories, then the posts and pages, then notes."""
    export = _Export.read(path)
    yield from export.category_records()
    placeholder_posts = 0
    for index, post in enumerate(export.posts):
        if not isinstance(post, dict):
            raise ImportFileError(path, f"posts[{index}]", "expected a post (a JSON object)")
        records = list(_post_records(post, export))
        placeholder_posts += any(
            isinstance(record, PostRecord) and _uses_placeholder(record) for record in records
        )
        yield from records
    if placeholder_posts:
        yield NoteRecord(
            f"{placeholder_posts} post{'s' if placeholder_posts > 1 else ''}",
            f"Ghost wrote the site's address as {_SITE_PLACEHOLDER} and the export does not "
            f"say what it was, so their images and links to the site lead nowhere. Replace "
            f"{_SITE_PLACEHOLDER} in the file with the site's address (https://…) and import "
            "again.",
        )


@dataclass
class _Export:
    """The export's tables, with the joins from each post to its authors and tags."""

    posts: list[Any]
    users: dict[str, Row]
    tags: dict[str, Row]
    posts_meta: dict[str, Row]
    post_authors: dict[str, list[str]]
    post_tags: dict[str, list[str]]
    # Credited with posts whose author the export does not name.
    owner: Row | None

    @classmethod
    def read(cls, path: Path) -> "_Export":
        data = _data(path, _json(path))
        users = _by_id(data.get("users"))
        return cls(
            posts=data["posts"],
            users=users,
            tags=_by_id(data.get("tags")),
            posts_meta={str(row.get("post_id")): row for row in _rows(data.get("posts_meta"))},
            post_authors=_joined(data.get("posts_authors"), "author_id"),
            post_tags=_joined(data.get("posts_tags"), "tag_id"),
            owner=_owner(data, users) or next(iter(users.values()), None),
        )

    def public_tags(self, post: Row) -> list[Row]:
        """The post's named tags in Ghost's order, the primary first; #internal ones left out."""
        tags = (self.tags.get(tag_id) for tag_id in self.post_tags.get(str(post.get("id")), []))
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
            for post in self.posts
            if isinstance(post, dict)
            for tag in self.public_tags(post)[:1]
        }
        return [
            CategoryRecord(
                name=str(tag.get("name")),
                slug=str(tag.get("slug") or ""),
                description=str(tag.get("description") or ""),
            )
            for tag in primary.values()
        ]

    def authors(self, post: Row) -> list[Row]:
        """The post's authors, the primary first; older exports name one in author_id."""
        ids = self.post_authors.get(str(post.get("id"))) or [str(post.get("author_id"))]
        authors = [self.users[user_id] for user_id in ids if user_id in self.users]
        return authors or ([self.owner] if self.owner else [])


def _json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as file:
            return json.load(file)
    except json.JSONDecodeError as error:
        item = f"line {error.lineno}, column {error.colno}"
        raise ImportFileError(path, item, f"not valid JSON: {error.msg}") from error
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start})"
        raise ImportFileError(path, None, message) from error


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


def _owner(data: Row, users: dict[str, Row]) -> Row | None:
    """The user with Ghost's Owner role, when the export has roles."""
    owner_roles = {
        str(role.get("id")) for role in _rows(data.get("roles")) if role.get("name") == "Owner"
    }
    owners = (
        users.get(str(link.get("user_id")))
        for link in _rows(data.get("roles_users"))
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
        yield NoteRecord(label, "it has no date; not imported")
        return
    if not authors:
        yield NoteRecord(label, "it has no author and the export no users; not imported")
        return
    if len(authors) > 1:
        others = ", ".join(str(author.get("name")) for author in authors[1:])
        yield NoteRecord(label, f"co-authors not credited, as a post here has one author: {others}")
    status = PostStatus.PUBLISHED if post.get("status") == "published" else PostStatus.DRAFT
    visibility = str(post.get("visibility") or "public")
    if visibility != "public" and status is PostStatus.PUBLISHED:
        # Published here, a members-only post would be free to everyone.
        status = PostStatus.DRAFT
        audience = _AUDIENCES.get(visibility, visibility)
        yield NoteRecord(
            label, f"for {audience} only in Ghost: imported as a draft, so it stays theirs"
        )
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
    slug = str(post.get("slug") or "") or slugify(title) or slugify(title, allow_unicode=True)
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
        cover_image=_cover(post, export.posts_meta.get(str(post.get("id")), {})),
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


def _uses_placeholder(record: PostRecord) -> bool:
    cover = record.cover_image.url if record.cover_image else ""
    return _SITE_PLACEHOLDER in record.body_html or _SITE_PLACEHOLDER in cover
