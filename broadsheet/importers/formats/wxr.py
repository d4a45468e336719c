"""WordPress exports: WXR 1.0 to 1.2, from Tools → Export in WordPress or WordPress.com.

Yields the site's categories (parents before children), then one record per post and
page, then notes on what it left out. The file is streamed twice: the first pass
(``_wxr_site``) learns the site's address, authors, categories and media library; the
second turns each post and page into a record. Two passes keep memory to one item
whatever the export's size, let a post find its featured image wherever WordPress
listed the attachment, and make a file that is not well-formed XML fail before any
record is yielded.
"""

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from django.utils import timezone
from django.utils.text import slugify

from broadsheet.importers.formats import _xml
from broadsheet.importers.formats._html import img_attributes, text_with_links
from broadsheet.importers.formats._wordpress_content import body_html
from broadsheet.importers.formats._wxr_site import (
    ITEM_DEPTH,
    Attachment,
    Fields,
    Site,
    plain_text,
    prefixed,
    site_read,
)
from broadsheet.importers.records import (
    CommentRecord,
    CommentStatus,
    ImageRecord,
    NoteRecord,
    PostKind,
    PostRecord,
    PostStatus,
    Record,
)

DESCRIPTION = "a WordPress export (WXR), from Tools → Export in WordPress or WordPress.com"

_DETECT_BYTES = 8192
# The root <rss> declaring WordPress's export namespace, whatever prefix it gets.
_WXR_ROOT = re.compile(
    rb"<rss\b[^>]*\bxmlns:[\w.-]+\s*=\s*[\"']https?://wordpress\.org/export/\d+\.\d+/[\"']"
)
_KINDS = {"post": PostKind.POST, "page": PostKind.PAGE}
_STATUSES = {
    "publish": PostStatus.PUBLISHED,
    # A scheduled post is a draft until its date; the writer may schedule it.
    "future": PostStatus.DRAFT,
    "draft": PostStatus.DRAFT,
    "pending": PostStatus.DRAFT,
}
_COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.REJECTED,
    "post-trashed": CommentStatus.REJECTED,
}
# Pingbacks and trackbacks are other sites announcing a link, not readers talking.
_LINK_NOTICES = {"pingback", "trackback"}
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# WordPress files a post without a category under this one.
_DEFAULT_CATEGORY = "uncategorized"
# Yoast SEO, on millions of sites, records which of several categories is the main one.
_PRIMARY_CATEGORY_META = "_yoast_wpseo_primary_category"
_UNTITLED = "(no title)"
_SHORTLINK = re.compile(r"[?&](?:p|page_id)=(?P<id>\d+)(?:&|$)")


def detect(path: Path) -> bool:
    """An XML file whose root is ``<rss>`` declaring WordPress's export namespace."""
    # Other formats take folders (an unpacked export); they are not this one.
    if not path.is_file():
        return False
    with path.open("rb") as file:
        head = file.read(_DETECT_BYTES)
    return _WXR_ROOT.search(head) is not None


def parse(path: Path) -> Iterator[Record]:
    """The site's categories, then its posts and pages, then notes on what was left out."""
    site = site_read(path)
    yield from site.category_records()
    seen = _SecondPass()
    for element in _xml.elements(path, depth=ITEM_DEPTH):
        if prefixed(element.tag) == "item":
            yield from _item_records(Fields(element), site, seen)
    yield from seen.notes(site)


@dataclass
class _SecondPass:
    """What the second pass has met: slugs taken, and what it left out, told at the end."""

    slugs: set[str] = field(default_factory=set)
    other_types: Counter[str] = field(default_factory=Counter)
    used_attachments: set[str] = field(default_factory=set)

    def unique_slug(self, slug: str) -> str:
        """``slug``, or with "-2", "-3"… when an earlier post of the file has it.

        WordPress keeps slugs unique, but damaged exports repeat them; two posts with
        one slug would be taken for one post, and the second would replace the first.
        """
        unique, number = slug, 1
        while unique in self.slugs:
            number += 1
            unique = f"{slug}-{number}"
        self.slugs.add(unique)
        return unique

    def notes(self, site: Site) -> Iterator[NoteRecord]:
        for post_type, count in sorted(self.other_types.items()):
            yield NoteRecord(
                f"{count} {post_type} item{'s' if count > 1 else ''}",
                "not a post or page (menus, reusable blocks and other WordPress types stay "
                "behind); not imported",
            )
        unused = len(site.attachments.keys() - self.used_attachments)
        if unused:
            yield NoteRecord(
                f"{unused} media library file{'s' if unused > 1 else ''}",
                "no imported post shows them as its featured image or in its text; not imported",
            )


def _item_records(fields: Fields, site: Site, seen: _SecondPass) -> Iterator[Record]:
    """The record for one <item>, after notes on what of it is left out."""
    post_type = fields.text("wp:post_type")
    if post_type == "attachment":
        return
    if post_type not in _KINDS:
        seen.other_types[post_type] += 1
        return
    label = f'{post_type} {fields.text("wp:post_id")} "{plain_text(fields.text("title"))}"'
    status = fields.text("wp:status")
    if status == "private":
        yield NoteRecord(label, "private: only its author could read it; not imported")
        return
    if status not in _STATUSES:
        message = f"its status is {status!r}, neither published nor a draft; not imported"
        yield NoteRecord(label, message)
        return
    date = _date(fields, "wp:post_date") or _date(fields, "wp:post_modified")
    if date is None:
        yield NoteRecord(label, "it has no date; not imported")
        return
    record = _post(fields, site, seen, date=date, status=_STATUSES[status])
    if fields.text("wp:post_password"):
        # This site has no passwords: published, the post would be open to everyone.
        yield NoteRecord(label, "password-protected: imported as a draft, so it stays hidden")
        record = replace(record, status=PostStatus.DRAFT)
    link_notices = len(fields.each("wp:comment")) - len(record.comments)
    if link_notices:
        yield NoteRecord(label, f"{link_notices} pingbacks and trackbacks not imported")
    yield record


def _post(
    fields: Fields, site: Site, seen: _SecondPass, *, date: dt.datetime, status: PostStatus
) -> PostRecord:
    post_type = fields.text("wp:post_type")
    post_id = fields.text("wp:post_id")
    title = plain_text(fields.text("title"))
    meta = fields.meta()
    body = body_html(
        fields.text("content:encoded"),
        gallery_images=lambda ids: site.gallery_images(post_id, ids),
    )
    cover = site.attachments.get(meta.get("_thumbnail_id", ""))
    shown = _shown_images(body, site)
    seen.used_attachments.update(attachment.id for attachment, _ in shown)
    if cover:
        seen.used_attachments.add(cover.id)
    category, other_categories = _categories(fields, site, meta)
    return PostRecord(
        source_id=site.source_id(post_id),
        title=title or _UNTITLED,
        slug=seen.unique_slug(_slug(fields, title, fallback=f"{post_type}-{post_id}")),
        author=site.author(fields.text("dc:creator")),
        date=date,
        body_html=body,
        excerpt=plain_text(fields.text("excerpt:encoded")),
        tags=_unique([name for _, name in _terms(fields, "post_tag")] + other_categories),
        category=category,
        status=status,
        kind=_KINDS[post_type],
        old_urls=_old_urls(fields, post_type, post_id),
        modified=_date(fields, "wp:post_modified"),
        sticky=fields.text("wp:is_sticky") == "1",
        cover_image=cover.image if cover else None,
        images=tuple(image for _, image in shown),
        comments=_comments(fields, site, post_date=date),
    )


def _date(fields: Fields, name: str) -> dt.datetime | None:
    """WordPress's UTC copy of a date (``<name>_gmt``), else the local one.

    WXR does not say the WordPress site's time zone, so a local date is read in this
    site's. "0000-00-00 00:00:00", WordPress's "no date", gives None.
    """
    utc = _parse_date(fields.text(f"{name}_gmt"))
    if utc is not None:
        return utc.replace(tzinfo=dt.UTC)
    local = _parse_date(fields.text(name))
    return timezone.make_aware(local) if local is not None else None


def _parse_date(text: str) -> dt.datetime | None:
    try:
        # Naive: the caller knows which zone the text is in.
        return dt.datetime.strptime(text, _DATE_FORMAT)
    except ValueError:
        return None


def _slug(fields: Fields, title: str, *, fallback: str) -> str:
    # WordPress percent-encodes the letters of other scripts in post_name.
    return (
        unquote(fields.text("wp:post_name"))
        or slugify(title)
        or slugify(title, allow_unicode=True)
        or fallback
    )


def _terms(fields: Fields, taxonomy: str) -> list[tuple[str, str]]:
    """The slug and name of each of the post's terms in ``taxonomy``, in file order."""
    return [
        (term.get("nicename", ""), html.unescape((term.text or "").strip()))
        for term in fields.elements("category")
        if term.get("domain") == taxonomy
    ]


def _categories(fields: Fields, site: Site, meta: dict[str, str]) -> tuple[str, list[str]]:
    """The post's category, and its other categories, which become tags.

    WordPress lists a post's categories by name, so the first is no choice of the
    author's: Yoast's primary category wins, then the first that is not the default
    "Uncategorized". The others become tags so no filing is lost; "Uncategorized"
    never does, being no filing at all.
    """
    terms = _terms(fields, "category")
    filed = [name for slug, name in terms if slug != _DEFAULT_CATEGORY]
    primary = (
        site.category_names.get(meta.get(_PRIMARY_CATEGORY_META, ""))
        or next(iter(filed), "")
        or next((name for _, name in terms), "")
    )
    return primary, [name for name in filed if name != primary]


def _shown_images(body: str, site: Site) -> list[tuple[Attachment, ImageRecord]]:
    """The media library images the body shows, each at the address the body uses."""
    shown: dict[str, tuple[Attachment, ImageRecord]] = {}
    for image in img_attributes(body):
        src = image.get("src", "")
        attachment = site.attachment_shown_by(image)
        if attachment is None or src in shown:
            continue
        alt = image.get("alt") or attachment.image.alt
        shown[src] = (attachment, replace(attachment.image, url=src, alt=alt))
    return list(shown.values())


def _old_urls(fields: Fields, post_type: str, post_id: str) -> tuple[str, ...]:
    """The post's permalink, its guid when that is its ?p= address, and its shortlinks.

    A guid naming another id was copied from another post or site by an earlier
    import; as an old address it would take over that post's redirect.
    """
    guid = fields.text("guid")
    shortlink = _SHORTLINK.search(guid)
    page_shortlink = f"/?page_id={post_id}" if post_type == "page" else ""
    return _unique(
        [
            fields.text("link"),
            guid if shortlink and shortlink["id"] == post_id else "",
            f"/?p={post_id}",
            page_shortlink,
        ]
    )


def _comments(fields: Fields, site: Site, *, post_date: dt.datetime) -> tuple[CommentRecord, ...]:
    """The post's reader comments, threaded; pingbacks and trackbacks are left out.

    A reply to a left-out notice is threaded under that notice's own parent.
    """
    entries = fields.each("wp:comment")
    parents = {entry.text("wp:comment_id"): entry.text("wp:comment_parent") for entry in entries}
    kept = [entry for entry in entries if entry.text("wp:comment_type") not in _LINK_NOTICES]
    kept_ids = {entry.text("wp:comment_id") for entry in kept}
    return tuple(
        _comment(
            entry, site, post_date, _kept_parent(entry.text("wp:comment_id"), parents, kept_ids)
        )
        for entry in kept
    )


def _kept_parent(comment_id: str, parents: dict[str, str], kept: set[str]) -> str:
    """The nearest ancestor of the comment that is imported; "" for none."""
    seen = {comment_id}
    parent = parents.get(comment_id, "")
    # The seen set stops a loop of replies in a damaged file.
    while parent and parent not in kept and parent not in seen:
        seen.add(parent)
        parent = parents.get(parent, "")
    return parent if parent in kept and parent not in seen else ""


def _comment(fields: Fields, site: Site, post_date: dt.datetime, parent_id: str) -> CommentRecord:
    return CommentRecord(
        source_id=site.source_id(f"comment:{fields.text('wp:comment_id')}"),
        author_name=plain_text(fields.text("wp:comment_author")) or "Anonymous",
        # WordPress keeps the few tags it allows in comments; a record's body is text.
        body=text_with_links(fields.text("wp:comment_content")),
        date=_date(fields, "wp:comment_date") or post_date,
        author_email=fields.text("wp:comment_author_email"),
        author_url=fields.text("wp:comment_author_url"),
        # Anything unknown waits for a moderator rather than going public.
        status=_COMMENT_STATUSES.get(fields.text("wp:comment_approved"), CommentStatus.PENDING),
        parent_source_id=site.source_id(f"comment:{parent_id}") if parent_id else "",
    )


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    """``values`` without blanks or repeats, in their order."""
    return tuple(dict.fromkeys(value for value in values if value))
