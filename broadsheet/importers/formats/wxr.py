"""WordPress exports: WXR 1.0 to 1.2, from Tools → Export in WordPress or WordPress.com.

Yields the site's categories (parents before children), then one record per post and
page, then the old addresses of its category, tag and author pages, then notes on what
it left out. The file is streamed twice: the first pass (``_wxr_site``) learns the
site's address, authors, categories and media library; the second turns each post and
page into a record. Two passes keep memory to one item whatever the export's size, let
a post find its featured image wherever WordPress listed the attachment, and find out
whether the file is well-formed before any record is yielded: one that is not is read
with a tolerant parser, as WordPress's own importer does, and a note says so.

What each item becomes: a published post or page as it was; a scheduled one
(``future``) scheduled for its date; a private one published for signed-in editors
only; a page filed under its parent page. Pingbacks and trackbacks stay, apart from the
comments, for a moderator. Co-Authors Plus's authors, Yoast SEO's titles, descriptions
and primary category, and the old slugs WordPress redirected are read too.
"""

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, unquote

from django.utils import timezone
from django.utils.text import slugify

from broadsheet.importers import limits
from broadsheet.importers.formats import _xml
from broadsheet.importers.formats._html import img_attributes, text_with_links
from broadsheet.importers.formats._wordpress_content import body_html
from broadsheet.importers.formats._wxr_site import (
    GUEST_AUTHOR_TYPE,
    ITEM_DEPTH,
    Attachment,
    Fields,
    Site,
    plain_text,
    prefixed,
    site_read,
)
from broadsheet.importers.records import (
    AuthorRecord,
    CommentKind,
    CommentRecord,
    CommentStatus,
    ImageRecord,
    NoteRecord,
    OldAddressRecord,
    PostKind,
    PostRecord,
    PostStatus,
    ProblemRecord,
    Record,
)
from broadsheet.importers.results import Kind, plural
from broadsheet.importers.slugs import clean_slug

DESCRIPTION = "a WordPress export (WXR), from Tools → Export in WordPress or WordPress.com"

_DETECT_BYTES = 8192
# The root <rss> declaring WordPress's export namespace, whatever prefix it gets.
_WXR_ROOT = re.compile(
    rb"<rss\b[^>]*\bxmlns:[\w.-]+\s*=\s*[\"']https?://wordpress\.org/export/\d+\.\d+/[\"']"
)
_KINDS = {"post": PostKind.POST, "page": PostKind.PAGE}
_STATUSES = {
    "publish": PostStatus.PUBLISHED,
    "future": PostStatus.SCHEDULED,
    "private": PostStatus.PRIVATE,
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
_LINK_NOTICES = {"pingback": CommentKind.PINGBACK, "trackback": CommentKind.TRACKBACK}
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# Dates before this are WordPress's way of writing "none" (the epoch, in a pubDate).
_FIRST_YEAR = 1971
# WordPress files a post without a category under this one.
_DEFAULT_CATEGORY = "uncategorized"
# Yoast SEO, on millions of sites, records which of several categories is the main one,
# and the title and description search engines show.
_PRIMARY_CATEGORY_META = "_yoast_wpseo_primary_category"
_SEO_TITLE_META = "_yoast_wpseo_title"
_SEO_DESCRIPTION_META = "_yoast_wpseo_metadesc"
# Yoast's templates: %%title%% %%sep%% %%sitename%% and dozens more.
_YOAST_VARIABLE = re.compile(r"%%(\w+)%%")
# Co-Authors Plus files a post under its authors as terms of this taxonomy, by login
# ("cap-" before it on WordPress.com and for guest authors).
_COAUTHOR_TAXONOMY = "author"
_GUEST_AUTHOR_PREFIX = "cap-"
# The slugs a post had before: WordPress redirects them to it.
_OLD_SLUG_META = "_wp_old_slug"
# The other addresses Broadsheet's own WXR export says redirect to a post.
_OLD_PATH_META = "_broadsheet_old_path"
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
    """The site's categories, then its posts and pages, then the old addresses of its
    listings, then notes on what was left out."""
    site = site_read(path)
    if site.repaired:
        yield NoteRecord(
            "the file",
            f"it is not well-formed XML ({site.repaired}): it was read with a tolerant "
            "parser, as WordPress's importer does; check its posts against the old site",
        )
    yield from site.category_records()
    seen = _SecondPass()
    for element in _xml.elements(path, depth=ITEM_DEPTH, repaired=bool(site.repaired)):
        if prefixed(element.tag) == "item":
            for record in _item_records(Fields(element), site, seen):
                yield from seen.in_tree_order(record)
    yield from seen.orphan_pages()
    yield from _listing_addresses(site)
    yield from seen.notes(site)


@dataclass
class _SecondPass:
    """What the second pass has met: pages waiting for their parent, and what it left out,
    told at the end."""

    other_types: Counter[str] = field(default_factory=Counter)
    used_attachments: set[str] = field(default_factory=set)
    # Pages filed under a page that comes later in the file, by that page's source id.
    waiting: dict[str, list[PostRecord]] = field(default_factory=dict)
    yielded_pages: set[str] = field(default_factory=set)

    def in_tree_order(self, record: Record) -> Iterator[Record]:
        """``record``, unless it is a page whose parent page is yet to come; and after a
        page, the pages that waited for it."""
        if not isinstance(record, PostRecord) or record.kind is not PostKind.PAGE:
            yield record
            return
        parent = record.parent_source_id
        if parent and parent not in self.yielded_pages:
            self.waiting.setdefault(parent, []).append(record)
            return
        yield record
        self.yielded_pages.add(record.source_id)
        for child in self.waiting.pop(record.source_id, []):
            yield from self.in_tree_order(child)

    def orphan_pages(self) -> Iterator[PostRecord]:
        """Pages whose parent never came (it was not imported): filed at the top level."""
        while self.waiting:
            _parent, children = self.waiting.popitem()
            yield from children

    def notes(self, site: Site) -> Iterator[NoteRecord]:
        for post_type, count in sorted(self.other_types.items()):
            yield NoteRecord(
                plural(count, f"{post_type} item"),
                "not a post or page (menus, reusable blocks and other WordPress types stay "
                "behind); not imported",
            )
        unused = len(site.attachments.keys() - self.used_attachments)
        if unused:
            yield NoteRecord(
                plural(unused, "media library file"),
                "no imported post shows them as its featured image or in its text; not imported",
            )


def _item_records(fields: Fields, site: Site, seen: _SecondPass) -> Iterator[Record]:
    """The record for one <item>, after notes on what of it is left out."""
    post_type = fields.text("wp:post_type")
    if post_type in ("attachment", GUEST_AUTHOR_TYPE):
        # Read in the first pass, as pictures and bylines of the posts.
        return
    if post_type not in _KINDS:
        seen.other_types[post_type or "untyped"] += 1
        return
    label = f'{post_type} {fields.text("wp:post_id")} "{plain_text(fields.text("title"))}"'
    status = fields.text("wp:status")
    if status not in _STATUSES:
        message = f"its status is {status!r}, neither published nor a draft; not imported"
        yield NoteRecord(label, message)
        return
    date = (
        _date(fields, "wp:post_date")
        or _rss_date(fields.text("pubDate"))
        or _date(fields, "wp:post_modified")
    )
    if date is None:
        yield NoteRecord(
            label,
            "it has no date (no wp:post_date, pubDate or wp:post_modified), so it is not "
            "imported; give it one in the file and import again",
            skipped=Kind.PAGE if post_type == "page" else Kind.POST,
        )
        return
    content = fields.text("content:encoded")
    if limits.too_large_text(content):
        # Refused before WordPress's formatting is applied to it, which would take
        # many times its size in memory.
        yield ProblemRecord(
            label, limits.too_large(len(content), limits.MAX_POST_CHARACTERS, "a post")
        )
        return
    record, co_authors = _post(fields, site, date=date, status=_STATUSES[status])
    if co_authors:
        others = ", ".join(author.name for author in co_authors)
        yield NoteRecord(label, f"co-authors not credited, as a post here has one author: {others}")
    if fields.text("wp:post_password"):
        # This site has no passwords: published, the post would be open to everyone.
        yield NoteRecord(label, "password-protected: imported as a draft, so it stays hidden")
        record = replace(record, status=PostStatus.DRAFT)
    seen.used_attachments.update(_used_attachments(fields, record, site))
    yield record


def _post(
    fields: Fields, site: Site, *, date: dt.datetime, status: PostStatus
) -> tuple[PostRecord, tuple[AuthorRecord, ...]]:
    """The item's record, and the co-authors it names besides the record's author."""
    post_type = fields.text("wp:post_type")
    post_id = fields.text("wp:post_id")
    title = plain_text(fields.text("title"))
    meta = fields.meta()
    body = body_html(
        fields.text("content:encoded"),
        gallery_images=lambda ids: site.gallery_images(post_id, ids),
    )
    cover = site.attachments.get(meta.get("_thumbnail_id", ""))
    category, other_categories = _categories(fields, site, meta)
    author, co_authors = _authors(fields, site)
    parent_id = fields.text("wp:post_parent")
    is_child_page = post_type == "page" and parent_id in site.pages
    record = PostRecord(
        source_id=site.source_id(post_id),
        title=title or _UNTITLED,
        slug=_slug(fields, title, fallback=f"{post_type}-{post_id}"),
        author=author,
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
        images=tuple(image for _, image in _shown_images(body, site)),
        comments=_comments(fields, site, post_date=date),
        language=site.language,
        seo_title=_yoast_text(meta.get(_SEO_TITLE_META, ""), title=title),
        search_description=_yoast_text(meta.get(_SEO_DESCRIPTION_META, ""), title=title),
        parent_source_id=site.source_id(parent_id) if is_child_page else "",
    )
    return record, co_authors


def _used_attachments(fields: Fields, record: PostRecord, site: Site) -> set[str]:
    used = {attachment.id for attachment, _ in _shown_images(record.body_html, site)}
    cover = site.attachments.get(fields.meta().get("_thumbnail_id", ""))
    return used | ({cover.id} if cover else set())


def _date(fields: Fields, name: str) -> dt.datetime | None:
    """WordPress's UTC copy of a date (``<name>_gmt``), else the local one.

    WXR does not say the WordPress site's time zone, so a local date is read in this
    site's. "0000-00-00 00:00:00", WordPress's "no date", gives None.
    """
    utc = _parse_date(fields.text(f"{name}_gmt"), dt.UTC)
    if utc is not None:
        return utc
    return _parse_date(fields.text(name), timezone.get_current_timezone())


def _parse_date(text: str, zone: dt.tzinfo) -> dt.datetime | None:
    """A date as WXR writes it, which does not say its zone: the caller knows it."""
    try:
        return dt.datetime.strptime(text, _DATE_FORMAT).replace(tzinfo=zone)
    except ValueError:
        return None


def _rss_date(text: str) -> dt.datetime | None:
    """An item's RSS pubDate ("Tue, 27 Jan 2015 14:56:57 +0000"), WordPress's other date."""
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.year < _FIRST_YEAR:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _slug(fields: Fields, title: str, *, fallback: str) -> str:
    # WordPress percent-encodes the letters of other scripts in post_name.
    return (
        clean_slug(unquote(fields.text("wp:post_name")))
        or slugify(title)
        or clean_slug(title)
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


def _authors(fields: Fields, site: Site) -> tuple[AuthorRecord, tuple[AuthorRecord, ...]]:
    """The post's author, and its co-authors where Co-Authors Plus credits several.

    Co-Authors Plus lists a post's authors in order: the first is the byline's, and may
    be another than the account that created the post (dc:creator).
    """
    logins = [
        (slug or name).removeprefix(_GUEST_AUTHOR_PREFIX)
        for slug, name in _terms(fields, _COAUTHOR_TAXONOMY)
    ]
    if not logins:
        return site.author(fields.text("dc:creator")), ()
    authors = [site.author(login) for login in dict.fromkeys(logins)]
    return authors[0], tuple(authors[1:])


def _yoast_text(template: str, *, title: str) -> str:
    """A Yoast SEO title or description, its variables filled where this site can."""
    if not template:
        return ""
    values = {"title": title, "sep": "–"}
    text = _YOAST_VARIABLE.sub(lambda match: values.get(match[1], ""), template)
    return " ".join(plain_text(text).split()).strip(" –-|")


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
    """The post's permalink, its guid when that is its ?p= address, its shortlinks, and
    its addresses under the slugs WordPress remembered (``_wp_old_slug``).

    A guid naming another id was copied from another post or site by an earlier
    import; as an old address it would take over that post's redirect.
    """
    link = fields.text("link")
    guid = fields.text("guid")
    shortlink = _SHORTLINK.search(guid)
    page_shortlink = f"/?page_id={post_id}" if post_type == "page" else ""
    return _unique(
        [
            link,
            guid if shortlink and shortlink["id"] == post_id else "",
            f"/?p={post_id}",
            page_shortlink,
            *(_with_last_segment(link, old) for old in fields.meta_values(_OLD_SLUG_META)),
            *fields.meta_values(_OLD_PATH_META),
        ]
    )


def _with_last_segment(url: str, segment: str) -> str:
    """``url`` with the last segment of its path replaced by ``segment``."""
    head, slash, last = url.rstrip("/").rpartition("/")
    return f"{head}/{segment}/" if url and segment and slash and last else ""


def _comments(fields: Fields, site: Site, *, post_date: dt.datetime) -> tuple[CommentRecord, ...]:
    """The post's comments, threaded, with its pingbacks and trackbacks as what they are."""
    return tuple(_comment(entry, site, post_date) for entry in fields.each("wp:comment"))


def _comment(fields: Fields, site: Site, post_date: dt.datetime) -> CommentRecord:
    parent_id = fields.text("wp:comment_parent")
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
        parent_source_id=(
            site.source_id(f"comment:{parent_id}") if parent_id not in ("", "0") else ""
        ),
        kind=_LINK_NOTICES.get(fields.text("wp:comment_type"), CommentKind.COMMENT),
    )


def _listing_addresses(site: Site) -> Iterator[OldAddressRecord]:
    """The addresses of the site's category, tag and author pages, as WordPress makes them
    by default; each leads to this site's listing of the same posts."""
    for category in site.categories:
        address = f"/category/{_segment(category.slug)}/"
        yield OldAddressRecord(address, "category", category.name)
    for tag in site.tags:
        yield OldAddressRecord(f"/tag/{_segment(tag.slug)}/", "tag", tag.name)
    for login, author in site.authors.items():
        yield OldAddressRecord(f"/author/{_segment(login)}/", "author", author.name)


def _segment(slug: str) -> str:
    return quote(slug, safe="-_.~")


def _unique(values: Sequence[str]) -> tuple[str, ...]:
    """``values`` without blanks or repeats, in their order."""
    return tuple(dict.fromkeys(value for value in values if value))
