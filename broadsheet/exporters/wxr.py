"""A WordPress export (WXR 1.2) of the site, for WordPress's importer (Tools → Import).

What readers see of each post and page goes in, as WordPress would have exported it:
authors, categories (parents first, as WordPress's importer needs), tags, every
picture in the image library as a media attachment, then the posts and pages with
their comments. A body is rendered to HTML with its blocks' templates, each marked as a
block of WordPress's editor, and its pictures point at their originals on this site, at
absolute addresses, so that WordPress can copy them in ("Download and import file
attachments") and swap the new addresses into the posts. A post with unpublished
changes goes out as readers see it; a draft as a draft; a scheduled post as scheduled
("future") for when it goes live.

Each element is written as it is built, so the export holds one post in memory.
"""

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from email.utils import format_datetime
from typing import IO
from urllib.parse import quote
from xml.etree.ElementTree import Element, SubElement

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.comments.models import Comment
from broadsheet.exporters.selectors import (
    PageVersions,
    page_versions,
    parent_page_id,
    post_versions,
)
from broadsheet.exporters.xml_output import element_xml
from broadsheet.interchange.document import Status
from broadsheet.interchange.hierarchy import parents_first

WXR_VERSION = "1.2"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
_STATUSES = {Status.PUBLISHED: "publish", Status.DRAFT: "draft", Status.SCHEDULED: "future"}
_APPROVED = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.REJECTED: "trash",
}
_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# One <p> without attributes, holding no other paragraph: WordPress's paragraph block.
_LONE_PARAGRAPH = re.compile(r"<p>(?:(?!</?p\b).)*</p>", re.DOTALL)
# An address on this site, in an attribute of rendered HTML: made absolute for WordPress.
_SITE_PATH = re.compile(r'(\s(?:href|src)=")/(?!/)')


def export_write(file: IO[bytes], *, base_url: str) -> None:
    """Write the site's WordPress export to ``file``, with ``base_url`` as its address."""
    export = _Export(base_url=base_url.rstrip("/"))
    file.write(_head(export).encode())
    for element in export.elements():
        file.write(f"\n{element_xml(element, level=1)}".encode())
    file.write(b"\n</channel>\n</rss>\n")


def _head(export: "_Export") -> str:
    site = Site.objects.filter(is_default_site=True).first()
    channel = Element("channel")
    for tag, text in (
        ("title", site.site_name if site else settings.WAGTAIL_SITE_NAME),
        ("link", export.base_url),
        ("description", ""),
        ("pubDate", format_datetime(timezone.now().astimezone(dt.UTC))),
        ("language", settings.LANGUAGE_CODE),
        ("wp:wxr_version", WXR_VERSION),
        ("wp:base_site_url", export.base_url),
        ("wp:base_blog_url", export.base_url),
        ("generator", "Broadsheet"),
    ):
        _text(channel, tag, text)
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    fields = "".join(f"\n{element_xml(child, level=1)}" for child in channel)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" {declarations}>\n'
        f"<channel>{fields}"
    )


class _Export:
    """One export run: the site's address, and the ids WordPress will know things by."""

    def __init__(self, *, base_url: str) -> None:
        self.base_url = base_url
        self.categories = {category.pk: category for category in Category.objects.order_by("slug")}
        self.tags = {tag.pk: tag for tag in Tag.objects.order_by("slug")}
        self.author_logins = dict(Author.objects.values_list("pk", "slug"))
        self.images = {image.pk: image for image in get_image_model().objects.order_by("pk")}
        # The other addresses each page answers, so that an import gives them back.
        self.old_paths: dict[int, list[str]] = {}
        for page_id, old_path in (
            Redirect.objects.filter(redirect_page__isnull=False, redirect_page_route_path="")
            .values_list("redirect_page_id", "old_path")
            .order_by("old_path")
        ):
            self.old_paths.setdefault(page_id, []).append(old_path)
        self.private = set(
            PageViewRestriction.objects.filter(
                restriction_type=PageViewRestriction.LOGIN
            ).values_list("page_id", flat=True)
        )
        # Posts, pages and attachments share one numbering in WordPress: pictures are
        # numbered after the last page.
        self.attachment_offset = Page.objects.aggregate(last=Max("pk"))["last"] or 0

    def elements(self) -> Iterator[Element]:
        for author in Author.objects.order_by("slug"):
            yield self._author(author)
        # Categories and tags share one numbering (WordPress's terms).
        categories = parents_first(
            self.categories.values(), key=lambda c: c.pk, parent=lambda c: c.parent_id
        )
        for term_id, category in enumerate(categories, start=1):
            yield self._category(term_id, category)
        for term_id, tag in enumerate(self.tags.values(), start=len(self.categories) + 1):
            yield self._tag(term_id, tag)
        for image in self.images.values():
            yield self._attachment(image)
        for versions in post_versions():
            yield self._item(versions, "post")
        for versions in page_versions():
            yield self._item(versions, "page")

    # ---- The channel's lists -------------------------------------------------------------

    def _author(self, author: Author) -> Element:
        element = Element("wp:author")
        _text(element, "wp:author_id", author.pk)
        _text(element, "wp:author_login", author.slug)
        # Broadsheet's authors have no address; WordPress's importer accepts none.
        _text(element, "wp:author_email", "")
        _text(element, "wp:author_display_name", _html(author.name))
        _text(element, "wp:author_first_name", "")
        _text(element, "wp:author_last_name", "")
        # Not in WordPress's own exports, which its importer ignores; Broadsheet's reads it.
        _text(element, "wp:author_description", _html(author.bio))
        return element

    def _category(self, term_id: int, category: Category) -> Element:
        element = Element("wp:category")
        _text(element, "wp:term_id", term_id)
        _text(element, "wp:category_nicename", _nicename(category.slug))
        parent = self.categories.get(category.parent_id) if category.parent_id else None
        _text(element, "wp:category_parent", _nicename(parent.slug) if parent else "")
        _text(element, "wp:cat_name", _html(category.name))
        _text(element, "wp:category_description", _html(category.description))
        return element

    def _tag(self, term_id: int, tag: Tag) -> Element:
        element = Element("wp:tag")
        _text(element, "wp:term_id", term_id)
        _text(element, "wp:tag_slug", _nicename(tag.slug))
        _text(element, "wp:tag_name", _html(tag.name))
        return element

    # ---- Items ---------------------------------------------------------------------------

    def _attachment(self, image) -> Element:
        url = self._absolute(image.file.url)
        element = Element("item")
        _text(element, "title", _html(image.title))
        _text(element, "link", url)
        _text(element, "pubDate", format_datetime(image.created_at.astimezone(dt.UTC)))
        _text(element, "dc:creator", "")
        _text(element, "guid", url, isPermaLink="false")
        _text(element, "description", "")
        _text(element, "content:encoded", "")
        _text(element, "excerpt:encoded", "")
        _text(element, "wp:post_id", self.attachment_offset + image.pk)
        _dates(element, "wp:post_date", image.created_at)
        _text(element, "wp:post_name", _nicename(slugify(image.title)))
        _text(element, "wp:status", "inherit")
        _text(element, "wp:post_parent", 0)
        _text(element, "wp:menu_order", 0)
        _text(element, "wp:post_type", "attachment")
        _text(element, "wp:attachment_url", url)
        if image.description:
            _meta(element, "_wp_attachment_image_alt", image.description)
        return element

    def _item(self, versions: PageVersions, post_type: str) -> Element:
        page, row = versions.public, versions.row
        is_post = isinstance(page, PostPage)
        # A scheduled post goes live in WordPress on its date: its date is when it may.
        if versions.status is Status.SCHEDULED:
            date = page.go_live_at
        else:
            date = (page.date if is_post else None) or row.first_published_at or timezone.now()
        url_parts = row.get_url_parts()
        url = self._absolute(url_parts[2]) if url_parts else self.base_url
        element = Element("item")
        _text(element, "title", _html(page.title))
        _text(element, "link", url)
        _text(element, "pubDate", format_datetime(date.astimezone(dt.UTC)))
        _text(element, "dc:creator", self.author_logins.get(page.author_id, "") if is_post else "")
        _text(element, "guid", url, isPermaLink="false")
        _text(element, "description", "")
        _text(element, "content:encoded", self._body_html(page))
        _text(element, "excerpt:encoded", _html(page.excerpt) if is_post else "")
        _text(element, "wp:post_id", row.pk)
        _dates(element, "wp:post_date", date)
        _dates(element, "wp:post_modified", row.last_published_at or date)
        _text(element, "wp:comment_status", "open" if is_post else "closed")
        _text(element, "wp:ping_status", "closed")
        _text(element, "wp:post_name", _nicename(page.slug))
        private = versions.status is Status.PUBLISHED and row.pk in self.private
        _text(element, "wp:status", "private" if private else _STATUSES[versions.status])
        _text(element, "wp:post_parent", parent_page_id(row) or 0)
        _text(element, "wp:menu_order", 0)
        _text(element, "wp:post_type", post_type)
        _text(element, "wp:post_password", "")
        _text(element, "wp:is_sticky", int(page.sticky) if is_post else 0)
        for old_path in self.old_paths.get(row.pk, []):
            # Not WordPress's; its importer keeps it as a custom field, Broadsheet's redirects it.
            _meta(element, "_broadsheet_old_path", old_path)
        if is_post:
            self._filing(element, page)
            if page.cover_image_id:
                _meta(element, "_thumbnail_id", self.attachment_offset + page.cover_image_id)
            for comment in row.comments.all():
                element.append(_comment(comment))
        return element

    def _filing(self, element: Element, post: PostPage) -> None:
        category = self.categories.get(post.category_id)
        if category is not None:
            _text(
                element,
                "category",
                category.name,
                domain="category",
                nicename=_nicename(category.slug),
            )
        # By slug, as the JSON export orders them: the database's own order differs
        # between SQLite and PostgreSQL, and two exports of one site should match.
        tags = [self.tags[i.tag_id] for i in post.tagged_items.all() if i.tag_id in self.tags]
        for tag in sorted(tags, key=lambda tag: tag.slug):
            _text(
                element,
                "category",
                _html(tag.name),
                domain="post_tag",
                nicename=_nicename(tag.slug),
            )

    def _body_html(self, page: Page) -> str:
        """The body as blocks of WordPress's editor, each rendered as the site renders it.

        Pictures are taken from the stream's raw data, with the library read once, since
        reading the stream's image blocks would fetch their pictures post by post.
        """
        blocks = []
        for number, raw in enumerate(page.body.raw_data):
            if raw["type"] == "image":
                blocks.append(_editor_block(self._image_html(raw["value"]).strip()))
            elif raw["type"] in _WORDPRESS_BLOCKS:
                blocks.append(_WORDPRESS_BLOCKS[raw["type"]](raw["value"]))
            else:
                blocks.append(_editor_block(page.body[number].render().strip()))
        html = "\n\n".join(block for block in blocks if block)
        return _SITE_PATH.sub(lambda match: f"{match[1]}{self.base_url}/", html)

    def _image_html(self, value) -> str:
        """A picture as WordPress's image block writes it, its original at full size.

        The site's own template shows renditions, which WordPress would not import; the
        wp-image-<id> class ties the picture to its attachment.
        """
        image = self.images.get(value.get("image"))
        if image is None:
            return ""
        # The caption and credit as the site's own template writes them.
        credit = value.get("credit") and format_html(
            ' <span class="credit">{}</span>', value["credit"]
        )
        caption = format_html("{}{}", value.get("caption", ""), credit or "")
        return format_html(
            '<figure class="wp-block-image"><img src="{}" alt="{}" width="{}" height="{}"'
            ' class="wp-image-{}">{}</figure>',
            self._absolute(image.file.url),
            value.get("alt_text", ""),
            image.width,
            image.height,
            self.attachment_offset + image.pk,
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )

    def _absolute(self, url: str) -> str:
        return f"{self.base_url}{url}" if url.startswith("/") and not url.startswith("//") else url


def _quote_block(value: dict) -> str:
    """A quote as WordPress's quote block writes it: its paragraphs, then who said it."""
    paragraphs = "".join(
        # Each line escaped, joined by <br>.
        format_html("<p>{}</p>", mark_safe("<br>".join(map(html.escape, part.split("\n")))))  # noqa: S308
        for part in value.get("quote", "").split("\n\n")
        if part.strip()
    )
    attribution = value.get("attribution") or ""
    cite = format_html("<cite>{}</cite>", attribution) if attribution else ""
    return (
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote">'
        f"{paragraphs}{cite}</blockquote>\n<!-- /wp:quote -->"
    )


def _embed_block(value: dict) -> str:
    """An embed as WordPress's embed block writes it; WordPress fetches the player."""
    url = value.get("url") or ""
    caption = value.get("caption") or ""
    figcaption = format_html("<figcaption>{}</figcaption>", caption) if caption else ""
    attributes = json.dumps({"url": url}).replace("--", "\\u002d\\u002d")
    return format_html(
        '<!-- wp:embed {} -->\n<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        "\n{}\n</div>{}</figure>\n<!-- /wp:embed -->",
        mark_safe(attributes),  # noqa: S308 -- JSON in an HTML comment, its "--" escaped: it cannot end it
        url,
        figcaption,
    )


# Blocks written as WordPress's own blocks, so that WordPress (and Broadsheet's importer)
# read them back as what they are, not as HTML.
_WORDPRESS_BLOCKS = {"quote": _quote_block, "embed": _embed_block}


def _editor_block(html: str) -> str:
    """``html`` marked as a block of WordPress's editor: a lone paragraph as a paragraph,
    anything else as Custom HTML.

    Content with blocks is shown as written. Without them, WordPress would run wpautop
    over it, which adds paragraphs and line breaks inside figures and quotes. A Custom
    HTML block is always valid in the editor, which can convert it to other blocks.
    """
    kind = "paragraph" if _LONE_PARAGRAPH.fullmatch(html) else "html"
    return f"<!-- wp:{kind} -->\n{html}\n<!-- /wp:{kind} -->"


def _comment(comment: Comment) -> Element:
    element = Element("wp:comment")
    _text(element, "wp:comment_id", comment.pk)
    _text(element, "wp:comment_author", _html(comment.author_name))
    _text(element, "wp:comment_author_email", comment.author_email)
    _text(element, "wp:comment_author_url", comment.author_url)
    _text(element, "wp:comment_author_IP", "")
    _dates(element, "wp:comment_date", comment.created_at)
    _text(element, "wp:comment_content", _html(comment.body))
    _text(element, "wp:comment_approved", _APPROVED[Comment.Status(comment.status)])
    # WordPress has written "comment" here since 5.5; older versions wrote "".
    _text(element, "wp:comment_type", "comment")
    _text(element, "wp:comment_parent", comment.parent_id or 0)
    _text(element, "wp:comment_user_id", 0)
    return element


def _dates(element: Element, tag: str, value: dt.datetime) -> None:
    """WordPress's pair of dates: in the site's time zone, and in UTC (``<tag>_gmt``)."""
    _text(element, tag, timezone.localtime(value).strftime(_DATE_FORMAT))
    _text(element, f"{tag}_gmt", value.astimezone(dt.UTC).strftime(_DATE_FORMAT))


def _meta(element: Element, key: str, value) -> None:
    meta = SubElement(element, "wp:postmeta")
    _text(meta, "wp:meta_key", key)
    _text(meta, "wp:meta_value", value)


def _html(text: str) -> str:
    """Plain text as WordPress keeps text: its titles, names, excerpts and comments are
    HTML, so a "<" or "&" that is meant as written is escaped, as WordPress escapes it."""
    return html.escape(text, quote=False)


def _nicename(slug: str) -> str:
    # WordPress keeps the letters of other scripts percent-encoded in its slugs.
    return quote(slug, safe="-_")


def _text(parent: Element, tag: str, text, **attributes: str) -> Element:
    child = SubElement(parent, tag, attributes)
    child.text = str(text)
    return child
