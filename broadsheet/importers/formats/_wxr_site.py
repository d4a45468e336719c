"""The first pass over a WordPress export: what its posts refer to by id, login or URL.

The site's address, its authors by login, its categories by slug and its media
library by attachment id and file; ``wxr.py`` reads the posts with this at hand.
"""

import html
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from django.utils.html import strip_tags
from django.utils.text import slugify

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import _xml
from broadsheet.importers.records import AuthorRecord, CategoryRecord, ImageRecord

# Items sit in <rss><channel>, two levels below the root, beside the site's authors
# and categories.
ITEM_DEPTH = 2
# Co-Authors Plus keeps bylines without an account as items of this type.
GUEST_AUTHOR_TYPE = "guest-author"
# WXR's namespaces change with each version and between http and https; fields are
# looked up by these prefixes instead.
_PREFIXES = (
    (re.compile(r"https?://wordpress\.org/export/\d+\.\d+/excerpt/"), "excerpt"),
    (re.compile(r"https?://wordpress\.org/export/\d+\.\d+/"), "wp"),
    (re.compile(r"http://purl\.org/rss/1\.0/modules/content/"), "content"),
    (re.compile(r"http://purl\.org/dc/elements/1\.1/"), "dc"),
)
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# WordPress serves each upload at several sizes ("photo-300x200.jpg") and may keep the
# original beside a downscaled "photo-scaled.jpg"; all are the same attachment.
_IMAGE_SIZE_SUFFIX = re.compile(r"(?:-\d+x\d+|-scaled)(?=\.\w+$)")


@lru_cache(maxsize=256)
def prefixed(tag: str) -> str:
    """``{https://wordpress.org/export/1.2/}post_id`` as ``wp:post_id``, for any version."""
    uri = _xml.namespace(tag)
    if not uri:
        return tag
    for pattern, prefix in _PREFIXES:
        if pattern.fullmatch(uri):
            return f"{prefix}:{_xml.local_name(tag)}"
    return tag


class Fields:
    """An element's children by prefixed name ("wp:post_id")."""

    def __init__(self, element: Element) -> None:
        self._children: dict[str, list[Element]] = defaultdict(list)
        for child in element:
            # A repaired file's parser may keep an unknown entity as a node of its own.
            if isinstance(child.tag, str):
                self._children[prefixed(child.tag)].append(child)

    def text(self, name: str) -> str:
        children = self._children.get(name)
        return (children[0].text or "").strip() if children else ""

    def elements(self, name: str) -> list[Element]:
        return self._children.get(name, [])

    def each(self, name: str) -> list["Fields"]:
        return [Fields(child) for child in self.elements(name)]

    def meta(self) -> dict[str, str]:
        """The item's custom fields (wp:postmeta), by key; the first of each."""
        fields: dict[str, str] = {}
        for meta in self.each("wp:postmeta"):
            fields.setdefault(meta.text("wp:meta_key"), meta.text("wp:meta_value"))
        return fields

    def meta_values(self, key: str) -> list[str]:
        """Every value of a custom field the item has several of (_wp_old_slug)."""
        return [
            meta.text("wp:meta_value")
            for meta in self.each("wp:postmeta")
            if meta.text("wp:meta_key") == key
        ]


@dataclass(frozen=True)
class Category:
    term_id: str
    slug: str
    name: str
    parent_slug: str
    description: str


@dataclass(frozen=True)
class Attachment:
    id: str
    parent_id: str
    image: ImageRecord


@dataclass(frozen=True)
class TagTerm:
    slug: str
    name: str


@dataclass
class Site:
    """What the first pass learns; ``link`` is the site's address, from its channel.

    ``repaired`` says what is wrong with a file that is not well-formed XML, read with a
    recovering parser ("" for a sound one); ``pages`` holds the id of every page item,
    for their hierarchy.
    """

    link: str = ""
    wxr_version: str = ""
    language: str = ""
    repaired: str = ""
    authors: dict[str, AuthorRecord] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    tags: list[TagTerm] = field(default_factory=list)
    attachments: dict[str, Attachment] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)
    _attachments_by_path: dict[str, Attachment] = field(default_factory=dict, init=False)
    # By path without the size suffix; None where two uploads share one.
    _attachments_by_original: dict[str, Attachment | None] = field(default_factory=dict, init=False)

    def source_id(self, local_id: str) -> str:
        """A stable id for a post ("12") or a comment ("comment:7") of this site."""
        return f"wxr:{self.link}:{local_id}"

    def author(self, login: str) -> AuthorRecord:
        """The author with that login; one named by the login when the export lacks it."""
        return self.authors.get(login) or AuthorRecord(name=login, slug=slugify(login))

    @cached_property
    def category_names(self) -> dict[str, str]:
        """Category names by term id."""
        return {category.term_id: category.name for category in self.categories}

    def category_records(self) -> list[CategoryRecord]:
        names = {category.slug: category.name for category in self.categories}
        return [
            CategoryRecord(
                name=category.name,
                slug=category.slug,
                # WordPress names the parent by slug; a record names it by name.
                parent=names.get(category.parent_slug, category.parent_slug),
                description=category.description,
            )
            for category in self.categories
        ]

    def add_attachment(self, attachment: Attachment) -> None:
        self.attachments[attachment.id] = attachment
        path = urlsplit(attachment.image.url).path
        self._attachments_by_path[path] = attachment
        original = _original_path(path)
        if self._attachments_by_original.setdefault(original, attachment) is not attachment:
            self._attachments_by_original[original] = None

    def attachment_shown_by(self, image: dict[str, str]) -> Attachment | None:
        """The attachment an ``<img>`` shows: by its wp-image-<id> class, else by file.

        A file is matched on its path, so another host or a CDN's query string does not
        matter, then as one of the upload's sizes ("photo-300x200.jpg").
        """
        by_class = _WP_IMAGE_CLASS.search(image.get("class", ""))
        if by_class and by_class[1] in self.attachments:
            return self.attachments[by_class[1]]
        path = urlsplit(image.get("src", "").strip()).path
        return self._attachments_by_path.get(path) or self._attachments_by_original.get(
            _original_path(path)
        )

    def gallery_images(self, post_id: str, ids: Sequence[str]) -> list[ImageRecord]:
        """The images a [gallery] shows: those listed, or else those attached to the post."""
        if ids:
            return [self.attachments[id_].image for id_ in ids if id_ in self.attachments]
        return [item.image for item in self.attachments.values() if item.parent_id == post_id]


def site_read(path: Path) -> Site:
    """The first pass over the export; ImportFileError when it is not a WordPress export.

    A file that is not well-formed is read again, repaired (see _xml.elements).
    """
    try:
        return _site_read(path, repaired=False)
    except _xml.NotWellFormed as error:
        site = _site_read(path, repaired=True)
        site.repaired = f"{error.item}: {error.message.removeprefix(_xml.NOT_WELL_FORMED + ': ')}"
        return site


def _site_read(path: Path, *, repaired: bool) -> Site:
    site = Site()
    elements = _xml.elements(path, depth=ITEM_DEPTH, repaired=repaired)
    root = next(elements, None)
    if root is None or prefixed(root.tag) != "rss":
        found = f"<{_xml.local_name(root.tag)}>" if root is not None else "nothing"
        raise ImportFileError(path, None, f"not a WordPress export: expected <rss>, found {found}")
    for element in elements:
        name = prefixed(element.tag)
        if name == "link" or (name == "wp:base_blog_url" and not site.link):
            site.link = (element.text or "").strip().rstrip("/")
        elif name == "wp:wxr_version":
            site.wxr_version = (element.text or "").strip()
        elif name == "language":
            site.language = (element.text or "").strip()
        elif name == "wp:author":
            login, author = _author(Fields(element))
            site.authors[login] = author
        elif name == "wp:category":
            site.categories.append(_category(Fields(element)))
        elif name == "wp:tag":
            fields = Fields(element)
            site.tags.append(
                TagTerm(
                    slug=unquote(fields.text("wp:tag_slug")),
                    name=html.unescape(fields.text("wp:tag_name")),
                )
            )
        elif name == "item":
            fields = Fields(element)
            post_type = fields.text("wp:post_type")
            if post_type == "page":
                site.pages.add(fields.text("wp:post_id"))
            elif post_type == GUEST_AUTHOR_TYPE:
                _guest_author_add(site, fields)
            _attachment_add(site, fields)
    if not site.wxr_version:
        raise ImportFileError(
            path, None, "an RSS feed, not a WordPress export: it has no <wp:wxr_version>"
        )
    return site


def plain_text(text: str) -> str:
    """Text from WordPress's HTML-escaped, sometimes tagged, fields."""
    return html.unescape(strip_tags(text)).strip()


def _author(fields: Fields) -> tuple[str, AuthorRecord]:
    login = fields.text("wp:author_login")
    full_name = f"{fields.text('wp:author_first_name')} {fields.text('wp:author_last_name')}"
    name = fields.text("wp:author_display_name") or full_name.strip() or login
    return login, AuthorRecord(
        name=plain_text(name),
        slug=slugify(login),
        email=fields.text("wp:author_email"),
        bio=plain_text(fields.text("wp:author_description")),
    )


def _guest_author_add(site: Site, fields: Fields) -> None:
    """A Co-Authors Plus guest author: a byline without a WordPress account."""
    meta = fields.meta()
    login = meta.get("cap-user_login") or fields.text("wp:post_name").removeprefix("cap-")
    name = meta.get("cap-display_name") or plain_text(fields.text("title")) or login
    if login and login not in site.authors:
        site.authors[login] = AuthorRecord(
            name=plain_text(name),
            slug=slugify(login),
            bio=plain_text(meta.get("cap-description", "")),
        )


def _category(fields: Fields) -> Category:
    return Category(
        term_id=fields.text("wp:term_id"),
        slug=unquote(fields.text("wp:category_nicename")),
        # WordPress stores term names HTML-escaped ("News &amp; Views").
        name=html.unescape(fields.text("wp:cat_name")),
        parent_slug=unquote(fields.text("wp:category_parent")),
        description=plain_text(fields.text("wp:category_description")),
    )


def _attachment_add(site: Site, fields: Fields) -> None:
    url = fields.text("wp:attachment_url")
    if fields.text("wp:post_type") != "attachment" or not url:
        return
    image = ImageRecord(
        url=url,
        alt=fields.meta().get("_wp_attachment_image_alt", ""),
        # WordPress keeps an attachment's caption in its excerpt.
        caption=plain_text(fields.text("excerpt:encoded")),
        title=plain_text(fields.text("title")),
    )
    site.add_attachment(
        Attachment(
            id=fields.text("wp:post_id"), parent_id=fields.text("wp:post_parent"), image=image
        )
    )


def _original_path(path: str) -> str:
    return _IMAGE_SIZE_SUFFIX.sub("", path)
