"""Broadsheet's own exports: the zip from ``manage.py export --format json``, or its
unpacked folder. The format is described in ``broadsheet.exporters.broadsheet_json``,
and its shared definitions are in ``broadsheet.interchange``.

The whole document is read and checked before anything is stored, so that a damaged
file fails with the entry and field at fault and stores nothing. Yields, in the order
they depend on each other: the pictures, authors, categories (parents first), tags,
stories, posts, pages, the posts and pages again that link to later ones, the redirects and the
newsletter's subscribers.
"""

import dataclasses
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

from broadsheet.comments.models import Comment
from broadsheet.core.fields import max_length
from broadsheet.corrections.models import Correction
from broadsheet.entities.models import Entity, PostEntity
from broadsheet.importers.archives import export_folder, zip_entry_names, zip_entry_start
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats._broadsheet_store import (
    Export,
    ExportedAuthor,
    ExportedEntity,
    ExportedImage,
    ExportedPage,
    ExportedRedirect,
    ExportedSite,
    ExportedStory,
    ExportedSubscriber,
    ExportedTag,
)
from broadsheet.importers.records import (
    CategoryRecord,
    CommentRecord,
    CommentStatus,
    Record,
)
from broadsheet.importers.results import Kind
from broadsheet.interchange.document import DOCUMENT_NAME, FORMAT, VERSION, Status
from broadsheet.interchange.hierarchy import parents_first
from broadsheet.interchange.references import stream_page_ids
from broadsheet.newsletter.portability import FREQUENCIES, STATUSES

DESCRIPTION = "a Broadsheet export (.zip), from manage.py export --format json"

_DETECT_BYTES = 256
_START = re.compile(rb'^\s*\{\s*"format"\s*:\s*"broadsheet"')


def detect(path: Path) -> bool:
    """A zip, or an unpacked folder, whose broadsheet.json opens as Broadsheet's exports do."""
    if path.is_dir():
        document = path / DOCUMENT_NAME
        if not document.is_file():
            return False
        with document.open("rb") as file:
            head = file.read(_DETECT_BYTES)
    elif DOCUMENT_NAME in zip_entry_names(path):
        head = zip_entry_start(path, DOCUMENT_NAME, _DETECT_BYTES)
    else:
        return False
    return _START.match(head) is not None


def parse(path: Path) -> Iterator[Record]:
    with export_folder(path) as folder:
        yield from _Reader(path, folder).records()


# ---- What each entry must hold ---------------------------------------------------------------
# Each field's converter returns its value as the store wants it, or raises _Wrong saying
# what the field should have been.


class _Wrong(Exception):
    pass


def _typed(kind: type, name: str) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        # JSON's true and false are not numbers here, though Python's bools are ints.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _Wrong(name)
        return value

    return convert


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def optional(value: Any) -> Any:
        try:
            return None if value is None else convert(value)
        except _Wrong as wrong:
            raise _Wrong(f"{wrong} or null") from wrong

    return optional


def _date(value: Any) -> dt.datetime:
    try:
        date = dt.datetime.fromisoformat(_TEXT(value))
    except (_Wrong, ValueError) as error:
        raise _Wrong("an ISO 8601 date") from error
    if date.tzinfo is None:
        raise _Wrong("an ISO 8601 date with its time zone")
    return date


def _page_id(value: Any) -> str:
    try:
        return str(uuid.UUID(_TEXT(value)))
    except (_Wrong, ValueError) as error:
        raise _Wrong("a page id (a UUID)") from error


def _anything(value: Any) -> Any:
    return value


def _choice(values: set[str]) -> Callable[[Any], str]:
    def choice(value: Any) -> str:
        if value not in values:
            raise _Wrong("one of " + ", ".join(sorted(values)))
        return value

    return choice


_TEXT = _typed(str, "text")


def _bounded_text(length: int) -> Callable[[Any], str]:
    def bounded(value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > length:
            raise _Wrong(f"text of 1 to {length} characters")
        return value

    return bounded


class _AddedLater:
    """A field later Broadsheets write: a document made before it may lack it."""

    def __init__(self, convert: Callable[[Any], Any], *, default: Any):
        self.convert, self.default = convert, default

    def __call__(self, value: Any) -> Any:
        return self.convert(value)


_FLAG = _typed(bool, "true or false")
_NUMBER = _typed(int, "a whole number")
_LIST = _typed(list, "a list")
_OBJECT = _typed(dict, "an object")

# The home page and the blog index: only their ids matter, for links and redirects to them.
_SITE = {"home": _optional(_OBJECT), "blog_index": _optional(_OBJECT)}
_IMAGE = {
    "id": _TEXT,
    "file": _TEXT,
    "title": _TEXT,
    "alt": _TEXT,
    "focal_point": _optional(_OBJECT),
}
_FOCAL_POINT = {"x": _NUMBER, "y": _NUMBER, "width": _NUMBER, "height": _NUMBER}
_AUTHOR = {"slug": _TEXT, "name": _TEXT, "bio": _TEXT, "photo": _optional(_TEXT)}
_CATEGORY = {"slug": _TEXT, "name": _TEXT, "description": _TEXT, "parent": _optional(_TEXT)}
_TAG = {"name": _TEXT, "slug": _TEXT, "description": _TEXT}
_STORY = {
    "slug": _TEXT,
    "title": _TEXT,
    "summary": _TEXT,
    "description": _TEXT,
    "cover_image": _optional(_TEXT),
    "cover_image_alt": _TEXT,
    "is_open": _FLAG,
    "created_at": _date,
}
_PAGE = {
    "id": _page_id,
    "status": _choice({status.value for status in Status}),
    "first_published_at": _optional(_date),
    "last_published_at": _optional(_date),
    "source_id": _TEXT,
    "content": _OBJECT,
    "live_content": _optional(_OBJECT),
}
_POST = _PAGE | {"source_url": _TEXT, "comments": _LIST}
_PAGE_CONTENT = {
    "title": _TEXT,
    "slug": _TEXT,
    "seo_title": _TEXT,
    "search_description": _TEXT,
    "show_in_menus": _FLAG,
    "go_live_at": _optional(_date),
    "expire_at": _optional(_date),
    "body": _LIST,
}
_POST_CONTENT = _PAGE_CONTENT | {
    "author": _optional(_TEXT),
    "date": _date,
    "excerpt": _TEXT,
    "category": _optional(_TEXT),
    "tags": _LIST,
    "language": _TEXT,
    "sticky": _FLAG,
    "cover_image": _optional(_TEXT),
    "cover_image_alt": _TEXT,
    "cover_image_caption": _AddedLater(_TEXT, default=""),
    "cover_image_credit": _AddedLater(_TEXT, default=""),
}
# A block's value is whatever its kind holds; the body is read block by block when stored.
_BLOCK = {"type": _TEXT, "value": _anything}
_COMMENT = {
    "id": _TEXT,
    "parent": _optional(_TEXT),
    "author_name": _TEXT,
    "author_email": _TEXT,
    "author_url": _TEXT,
    "body": _TEXT,
    "status": _choice({status.value for status in Comment.Status}),
    "created_at": _date,
}
_CORRECTION = {
    "kind": _choice(set(Correction.Kind.values)),
    "note": _bounded_text(max_length(Correction, "note")),
    "published_at": _date,
}
_ENTITY = {
    "slug": _bounded_text(max_length(Entity, "slug")),
    "name": _bounded_text(max_length(Entity, "name")),
    "kind": _choice(set(Entity.Kind.values)),
    "description": _TEXT,
    "code": _TEXT,
    "country": _optional(_TEXT),
    "aliases": _LIST,
}
_MENTION = {
    "entity": _TEXT,
    "count": _NUMBER,
    "source": _choice(set(PostEntity.Source.values)),
    "excluded": _FLAG,
}
_REDIRECT = {
    "old_path": _TEXT,
    "site": _optional(_TEXT),
    "is_permanent": _FLAG,
    "page": _optional(_page_id),
    "page_route_path": _TEXT,
    "link": _TEXT,
    "automatically_created": _FLAG,
}
_SUBSCRIBER = {
    "email": _TEXT,
    "name": _TEXT,
    "status": _choice(STATUSES),
    "frequency": _choice(FREQUENCIES),
    "categories": _LIST,
    "subscribed_at": _date,
    "confirmed_at": _optional(_date),
    "unsubscribed_at": _optional(_date),
}
_SECTIONS = ("images", "authors", "categories", "tags", "posts", "pages", "redirects")


class _Reader:
    """One export's document, checked entry by entry into records."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.path = path
        self.folder = folder.resolve()

    def records(self) -> Iterator[Record]:
        document = self._document()
        site = self._checked(document["site"], "site", _SITE)
        export = Export(
            home_id=self._structural_page_id(site["home"], "site.home"),
            blog_index_id=self._structural_page_id(site["blog_index"], "site.blog_index"),
        )
        images = [self._image(entry, where) for entry, where in self._each(document, "images")]
        authors = [self._author(entry, where) for entry, where in self._each(document, "authors")]
        categories = [
            self._checked(entry, where, _CATEGORY)
            for entry, where in self._each(document, "categories")
        ]
        tags = [self._checked(entry, where, _TAG) for entry, where in self._each(document, "tags")]
        # Exports made before entities existed lack the section.
        entities = [
            self._entity(entry, f"entities[{number}]")
            for number, entry in enumerate(document.get("entities") or [])
        ]
        export.entities.update((entity.slug, entity) for entity in entities)
        # Exports made before stories existed lack the section.
        stories = [
            ExportedStory(**self._checked(entry, f"stories[{number}]", _STORY))
            for number, entry in enumerate(self._optional_section(document, "stories"))
        ]
        pages = [
            *(
                self._page(entry, where, Kind.POST, export)
                for entry, where in self._each(document, "posts")
            ),
            *(
                self._page(entry, where, Kind.PAGE, export)
                for entry, where in self._each(document, "pages")
            ),
        ]
        redirects = [
            self._redirect(entry, where, export)
            for entry, where in self._each(document, "redirects")
        ]
        # Older exports may lack the section: it was always empty then.
        subscribers = [
            self._subscriber(entry, f"subscribers[{number}]")
            for number, entry in enumerate(document.get("subscribers") or [])
        ]
        export.author_names.update((author.slug, author.name) for author in authors)
        export.category_names.update((entry["slug"], entry["name"]) for entry in categories)
        export.pages.update((page.id, page) for page in pages)

        yield ExportedSite(home_id=export.home_id, blog_index_id=export.blog_index_id)
        yield from images
        yield from authors
        yield from _category_records(categories)
        yield from (ExportedTag(**entry) for entry in tags)
        yield from entities
        yield from stories
        yield from pages
        yield from _relinked(pages)
        yield from redirects
        yield from subscribers

    def _document(self) -> dict[str, Any]:
        try:
            with (self.folder / DOCUMENT_NAME).open(encoding="utf-8") as file:
                document = json.load(file)
        except FileNotFoundError:
            self._fail(None, f"no {DOCUMENT_NAME} in it: not a Broadsheet export")
        except UnicodeDecodeError:
            self._fail(DOCUMENT_NAME, "not UTF-8 text")
        except json.JSONDecodeError as error:
            self._fail(DOCUMENT_NAME, f"not valid JSON: {error.msg} (line {error.lineno})")
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            self._fail(DOCUMENT_NAME, f'not a Broadsheet export: expected {{"format": "{FORMAT}"}}')
        if document.get("version") != VERSION:
            self._fail(
                DOCUMENT_NAME,
                f"version {document.get('version')!r} of the format; this Broadsheet reads "
                f"version {VERSION}. Import it with the Broadsheet that made it, or a newer one.",
            )
        for section in _SECTIONS:
            if not isinstance(document.get(section), list):
                self._fail(section, "missing: expected a list")
        return document

    def _optional_section(self, document: Mapping[str, Any], section: str) -> list:
        entries = document.get(section) or []
        if not isinstance(entries, list):
            self._fail(section, "expected a list")
        return entries

    def _each(self, document: Mapping[str, Any], section: str) -> Iterator[tuple[Any, str]]:
        for number, entry in enumerate(document[section]):
            yield entry, f"{section}[{number}]"

    def _checked(self, entry: Any, where: str, fields: Mapping[str, Callable]) -> dict:
        """``entry`` with each of ``fields`` converted; ImportFileError at the first wrong one."""
        if not isinstance(entry, dict):
            self._fail(where, "expected an object")
        checked = {}
        for name, convert in fields.items():
            if name not in entry and isinstance(convert, _AddedLater):
                checked[name] = convert.default
                continue
            if name not in entry:
                self._fail(where, f"{name!r} is missing")
            try:
                checked[name] = convert(entry[name])
            except _Wrong as wrong:
                self._fail(where, f"{name!r} should be {wrong}")
        return checked

    def _structural_page_id(self, entry: Any, where: str) -> str | None:
        return self._checked(entry, where, {"id": _page_id})["id"] if entry is not None else None

    def _image(self, entry: Any, where: str) -> ExportedImage:
        image = self._checked(entry, where, _IMAGE)
        path = (self.folder / image["file"]).resolve()
        # The document comes from elsewhere: it may name only files inside the export.
        if not path.is_relative_to(self.folder):
            self._fail(where, f"its file {image['file']!r} is outside the export")
        focal = image["focal_point"]
        if focal is not None:
            focal = self._checked(focal, f"{where}.focal_point", _FOCAL_POINT)
        return ExportedImage(
            id=image["id"],
            path=path,
            title=image["title"],
            alt=image["alt"],
            focal_point=tuple(focal.values()) if focal else None,
        )

    def _author(self, entry: Any, where: str) -> ExportedAuthor:
        return ExportedAuthor(**self._checked(entry, where, _AUTHOR))

    def _page(self, entry: Any, where: str, kind: Kind, export: Export) -> ExportedPage:
        page = self._checked(entry, where, _POST if kind is Kind.POST else _PAGE)
        content_fields = _POST_CONTENT if kind is Kind.POST else _PAGE_CONTENT
        content = self._content(page["content"], f"{where}.content", content_fields)
        live = page["live_content"]
        if live is not None:
            live = self._content(live, f"{where}.live_content", content_fields)
        comments = [
            self._comment(comment, f"{where}.comments[{number}]")
            for number, comment in enumerate(page.get("comments", []))
        ]
        parent = entry.get("parent") if kind is Kind.PAGE else None
        if parent is not None:
            # Added to the format after its first exports, which lack it: optional.
            parent = self._checked({"parent": parent}, where, {"parent": _page_id})["parent"]
        # Exports made before corrections existed have none.
        if not isinstance(entry.get("corrections", []), list):
            self._fail(where, "'corrections' should be a list")
        corrections = [
            self._checked(note, f"{where}.corrections[{number}]", _CORRECTION)
            for number, note in enumerate(entry.get("corrections", []))
        ]
        mentions = self._mentions(entry, where, export) if kind is Kind.POST else []
        return ExportedPage(
            kind=kind,
            id=page["id"],
            parent=parent,
            status=Status(page["status"]),
            first_published_at=page["first_published_at"],
            last_published_at=page["last_published_at"],
            source_id=page["source_id"],
            source_url=page.get("source_url", ""),
            content=content,
            live_content=live,
            comments=tuple(comments),
            corrections=tuple(corrections),
            entities=tuple(mentions),
            export=export,
        )

    def _entity(self, entry: Any, where: str) -> ExportedEntity:
        entity = self._checked(entry, where, _ENTITY)
        for number, alias in enumerate(entity["aliases"]):
            if not isinstance(alias, str) or not alias.strip() or len(alias) > 200:
                self._fail(f"{where}.aliases[{number}]", "should be a name of 1 to 200 characters")
        return ExportedEntity(
            slug=entity["slug"],
            name=entity["name"],
            entity_kind=entity["kind"],
            description=entity["description"],
            code=entity["code"],
            country=entity["country"],
            aliases=tuple(entity["aliases"]),
        )

    def _mentions(self, entry: Any, where: str, export: Export) -> list[dict]:
        # Exports made before entities existed have none.
        if not isinstance(entry.get("entities", []), list):
            self._fail(where, "'entities' should be a list")
        mentions = []
        for number, mention in enumerate(entry.get("entities", [])):
            checked = self._checked(mention, f"{where}.entities[{number}]", _MENTION)
            if checked["entity"] not in export.entities:
                self._fail(
                    f"{where}.entities[{number}]",
                    f"names entity {checked['entity']!r}, which the export's entities lack",
                )
            if checked["count"] < 0:
                self._fail(f"{where}.entities[{number}]", "'count' should be 0 or more")
            mentions.append(checked)
        return mentions

    def _content(self, entry: Any, where: str, fields: Mapping[str, Callable]) -> dict:
        content = self._checked(entry, where, fields)
        for number, block in enumerate(content["body"]):
            self._checked(block, f"{where}.body[{number}]", _BLOCK)
        for number, tag in enumerate(content.get("tags", [])):
            if not isinstance(tag, str):
                self._fail(f"{where}.tags[{number}]", "should be text")
        if "tags" in fields and "stories" in entry:
            # A post's stories; absent from exports made before stories existed.
            stories = entry["stories"]
            if not isinstance(stories, list):
                self._fail(where, "'stories' should be a list")
            for number, slug in enumerate(stories):
                if not isinstance(slug, str):
                    self._fail(f"{where}.stories[{number}]", "should be a story slug (text)")
            content["stories"] = stories
        return content

    def _comment(self, entry: Any, where: str) -> CommentRecord:
        comment = self._checked(entry, where, _COMMENT)
        return CommentRecord(
            source_id=comment["id"],
            author_name=comment["author_name"],
            body=comment["body"],
            date=comment["created_at"],
            author_email=comment["author_email"],
            author_url=comment["author_url"],
            status=CommentStatus(comment["status"]),
            parent_source_id=comment["parent"] or "",
        )

    def _redirect(self, entry: Any, where: str, export: Export) -> ExportedRedirect:
        redirect = self._checked(entry, where, _REDIRECT)
        return ExportedRedirect(
            old_path=redirect["old_path"],
            for_every_site=redirect["site"] is None,
            is_permanent=redirect["is_permanent"],
            page=redirect["page"],
            page_route_path=redirect["page_route_path"],
            link=redirect["link"],
            automatically_created=redirect["automatically_created"],
            export=export,
        )

    def _subscriber(self, entry: Any, where: str) -> ExportedSubscriber:
        subscriber = self._checked(entry, where, _SUBSCRIBER)
        for number, slug in enumerate(subscriber["categories"]):
            if not isinstance(slug, str):
                self._fail(f"{where}.categories[{number}]", "should be a category slug (text)")
        return ExportedSubscriber(**{**subscriber, "categories": tuple(subscriber["categories"])})

    def _fail(self, where: str | None, message: str) -> NoReturn:
        raise ImportFileError(self.path, where, message)


def _category_records(categories: list[dict]) -> list[CategoryRecord]:
    """Parents first, each naming its parent by name, as the writer matches categories."""
    names = {category["slug"]: category["name"] for category in categories}
    ordered = parents_first(categories, key=lambda c: c["slug"], parent=lambda c: c["parent"])
    return [
        CategoryRecord(
            name=category["name"],
            slug=category["slug"],
            parent=names.get(category["parent"], category["parent"] or ""),
            description=category["description"],
        )
        for category in ordered
    ]


def _relinked(pages: list[ExportedPage]) -> Iterator[ExportedPage]:
    """Again, each post or page whose body links to itself or to one after it: those
    links could not be made when it was first stored."""
    position = {page.id: number for number, page in enumerate(pages)}
    for number, page in enumerate(pages):
        stream_block = page.model._meta.get_field("body").stream_block
        linked = set()
        for content in (page.content, page.live_content):
            if content is not None:
                linked |= stream_page_ids(stream_block, content["body"])
        if any(position.get(page_id, -1) >= number for page_id in linked):
            yield dataclasses.replace(page, relinking=True)
