"""Broadsheet's own export: the whole site in a zip, to be imported by another Broadsheet.

The zip holds ``broadsheet.json`` and ``images/<id>/<title>.<ext>``, the original of
every picture in the image library. ``broadsheet.json`` is one object::

    {"format": "broadsheet", "version": 1, "exported_at": "<ISO 8601 date>",
     "site": {"name", "root_url", "language", "time_zone",
              "home": {"id", "title", "intro"} | null, "blog_index": {…} | null},
     "images":      [{"id", "file", "title", "alt", "focal_point": {"x", "y", "width",
                      "height"} | null}],
     "authors":     [{"slug", "name", "bio", "photo": image id | null}],
     "categories":  [{"slug", "name", "description", "parent": category slug | null}],
     "tags":        [{"name", "slug", "description"}],
     "entities":    [{"slug", "name", "kind", "description", "code",
                      "country": entity slug | null, "aliases": [names]}],
     "stories":     [{"slug", "title", "summary", "description", "cover_image": image id
                      | null, "cover_image_alt", "is_open", "created_at"}],
     "posts":       [{"id", "status", "first_published_at", "last_published_at",
                      "source_id", "source_url", "content": {…}, "live_content": {…} | null,
                      "comments": [{"id", "parent", "author_name", "author_email",
                                    "author_url", "body", "status", "created_at"}],
                      "corrections": [{"kind": "correction" | "update", "note",
                                       "published_at"}],
                      "entities": [{"entity": entity slug, "count",
                                    "source": "found" | "editor", "excluded"}]}],
     "pages":       [{"id", "status", "first_published_at", "last_published_at",
                      "source_id", "parent": page id | null, "content": {…},
                      "live_content": {…} | null}],
     "redirects":   [{"old_path", "site": root URL | null (every site), "is_permanent",
                      "page": page id | null, "page_route_path", "link",
                      "automatically_created"}],
     "subscribers": [{"email", "name", "status", "frequency", "categories": [category slug],
                      "subscribed_at", "confirmed_at" | null, "unsubscribed_at" | null}]}

Sections come in the order an import needs them. Their entries are sorted by id or
slug, posts and pages in the order of the page tree, comments by date. Dates are ISO
8601 in UTC. ``status`` is "published", "draft" or "scheduled"; ``content`` is the
page as of its latest revision (what an editor sees) and ``live_content``, present only
when a published page has unpublished changes, what readers see. A post's content
holds title, slug, seo_title, search_description, show_in_menus, go_live_at,
expire_at, author (slug), date, excerpt, category (slug), tags (names), language,
sticky, cover_image, cover_image_alt, cover_image_caption, cover_image_credit (these
two absent from exports made before them, and read as empty), stories (slugs: the
stories it is in) and body; a page's, the fields up to expire_at, and body. A body is the
stream as Wagtail stores it, block ids included, with each picture named by its image id
and each link to a page by the page's id.

The home page and the blog index are there for links and redirects to them: an
import maps them to its own site's, which it leaves as they are.

Ids travel between sites: a picture's is the SHA-1 of its file, a page's its Wagtail
translation key, a comment's the id it was imported with or else
"broadsheet:<root_url>:comment:<number>". Authors and categories are named by slug.

``entities`` are the countries, cities, people and organisations posts mention
(``broadsheet.entities.exchange``): a post's ``entities`` keep the ones its editors
added (``source`` "editor") or removed (``excluded`` true).

``subscribers`` are the newsletter's, by address (``broadsheet.newsletter.portability``):
``status`` is "active", "pending", "unsubscribed", "bouncing" or "follower" (follows
stories only, ``broadsheet.stories``), ``frequency`` "each_post" or "weekly"; no
categories means every post.
"""

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from broadsheet.blog.models import Author, BlogIndexPage, Category, HomePage, PostPage
from broadsheet.corrections.exchange import corrections_by_post
from broadsheet.corrections.models import Correction
from broadsheet.entities.exchange import entities_for_export, mentions_by_post
from broadsheet.exporters.selectors import (
    PageVersions,
    page_versions,
    parent_page_id,
    post_versions,
)
from broadsheet.interchange.document import DOCUMENT_NAME, FORMAT, IMAGES_FOLDER, VERSION
from broadsheet.interchange.references import stream_rewritten
from broadsheet.newsletter.portability import subscribers_for_export
from broadsheet.pages.models import StandardPage
from broadsheet.stories.exchange import post_story_slugs, stories_for_export, story_slugs_by_pk

_FILE_STEM_LENGTH = 60

_POST_BODY = PostPage._meta.get_field("body").stream_block
_PAGE_BODY = StandardPage._meta.get_field("body").stream_block


def archive_write(file: IO[bytes]) -> list[str]:
    """Write the site's export as a zip to ``file``; return notes on what was left out."""
    notes: list[str] = []
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        image_ids, images = _images_write(archive, notes)
        site = Site.objects.filter(is_default_site=True).first()
        ids = _Ids.read(images=image_ids, site=site)
        with archive.open(DOCUMENT_NAME, "w") as raw, io.TextIOWrapper(raw, "utf-8") as text:
            head = {
                "format": FORMAT,
                "version": VERSION,
                "exported_at": _iso(timezone.now()),
                "site": _site(site, ids),
            }
            sections = {
                "images": images,
                "authors": (_author(author, ids) for author in Author.objects.order_by("slug")),
                "categories": (
                    _category(category)
                    for category in Category.objects.select_related("parent").order_by("slug")
                ),
                "tags": (_tag(tag) for tag in _tags_with_descriptions()),
                "entities": entities_for_export(),
                "stories": stories_for_export(image_ids=image_ids, iso=_iso),
                "posts": (_post(versions, ids) for versions in post_versions()),
                "pages": (_page(versions, ids) for versions in page_versions()),
                "redirects": _redirects(ids),
                "subscribers": subscribers_for_export(),
            }
            _document_write(text, head, sections)
    return notes


@dataclass(frozen=True)
class _Ids:
    """The export's ids for this site's rows, by primary key: read once, for every post."""

    images: dict[int, str]
    pages: dict[int, str]
    authors: dict[int, str]
    categories: dict[int, str]
    tags: dict[int, str]
    site_url: str
    corrections: dict[int, list[Correction]]
    entity_mentions: dict[int, list[dict]]
    stories: dict[int, str]

    @classmethod
    def read(cls, *, images: dict[int, str], site: Site | None) -> "_Ids":
        return cls(
            images=images,
            pages={pk: str(key) for pk, key in Page.objects.values_list("pk", "translation_key")},
            authors=dict(Author.objects.values_list("pk", "slug")),
            categories=dict(Category.objects.values_list("pk", "slug")),
            tags=dict(Tag.objects.values_list("pk", "name")),
            site_url=site.root_url if site else settings.WAGTAILADMIN_BASE_URL,
            corrections=corrections_by_post(),
            entity_mentions=mentions_by_post(),
            stories=story_slugs_by_pk(),
        )

    def body(self, stream_block, body) -> list[dict]:
        return stream_rewritten(
            stream_block, body.get_prep_value(), images=self.images.get, pages=self._page
        )

    def _page(self, page_id: str) -> str | None:
        return self.pages.get(int(page_id)) if str(page_id).isdigit() else None


# ---- Pictures ------------------------------------------------------------------------------


def _images_write(archive: zipfile.ZipFile, notes: list[str]) -> tuple[dict[int, str], list[dict]]:
    """Copy each picture's original into the zip: the export id of each library picture,
    by primary key, and the document's entry for each distinct file.

    Two library pictures of the same bytes are one picture in the export, described as
    the first of them: an import keeps one picture per file.
    """
    ids: dict[int, str] = {}
    entries: dict[str, dict] = {}
    for image in get_image_model().objects.order_by("pk").iterator():
        try:
            with image.file.open("rb") as file:
                content = file.read()
        except OSError as error:
            notes.append(f"image {image.pk} ({image.title}): its file cannot be read ({error})")
            continue
        image_id = ids[image.pk] = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        if image_id in entries:
            continue
        # A folder per picture keeps names unique; the file inside is named after its
        # title, which an import gives the picture's file in its library.
        stem = slugify(image.title)[:_FILE_STEM_LENGTH] or "image"
        name = f"{IMAGES_FOLDER}/{image_id}/{stem}{PurePosixPath(image.file.name).suffix.lower()}"
        # Pictures are compressed already: storing them saves time and loses no space.
        archive.writestr(name, content, compress_type=zipfile.ZIP_STORED)
        entries[image_id] = {
            "id": image_id,
            "file": name,
            "title": image.title,
            "alt": image.description,
            "focal_point": _focal_point(image),
        }
    return ids, sorted(entries.values(), key=lambda entry: entry["id"])


def _focal_point(image) -> dict[str, int] | None:
    if not image.has_focal_point():
        return None
    return {
        "x": image.focal_point_x,
        "y": image.focal_point_y,
        "width": image.focal_point_width,
        "height": image.focal_point_height,
    }


# ---- The site, its people and its filing ---------------------------------------------------


def _site(site: Site | None, ids: _Ids) -> dict[str, Any]:
    return {
        "name": site.site_name if site else settings.WAGTAIL_SITE_NAME,
        "root_url": ids.site_url,
        "language": settings.LANGUAGE_CODE,
        "time_zone": settings.TIME_ZONE,
        "home": _structural_page(HomePage.objects.first()),
        "blog_index": _structural_page(BlogIndexPage.objects.first()),
    }


def _structural_page(page: HomePage | BlogIndexPage | None) -> dict[str, str] | None:
    if page is None:
        return None
    return {"id": str(page.translation_key), "title": page.title, "intro": page.intro}


def _author(author: Author, ids: _Ids) -> dict[str, Any]:
    return {
        "slug": author.slug,
        "name": author.name,
        "bio": author.bio,
        "photo": ids.images.get(author.photo_id) if author.photo_id else None,
    }


def _category(category: Category) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": category.name,
        "description": category.description,
        "parent": category.parent.slug if category.parent else None,
    }


# ---- Posts and pages ------------------------------------------------------------------------


def _tags_with_descriptions():
    return Tag.objects.order_by("slug").select_related("listing_description")


def _tag(tag: Tag) -> dict:
    described = getattr(tag, "listing_description", None)
    return {
        "name": tag.name,
        "slug": tag.slug,
        "description": described.description if described else "",
    }


def _post(versions: PageVersions, ids: _Ids) -> dict[str, Any]:
    live = versions.live
    return {
        **_page_state(versions),
        "source_id": versions.row.source_id,
        "source_url": versions.row.source_url,
        "content": _post_content(versions.current, ids),
        "live_content": _post_content(live, ids) if live else None,
        "comments": _comments(versions.row, ids),
        "corrections": [
            {"kind": note.kind, "note": note.note, "published_at": _iso(note.published_at)}
            for note in ids.corrections.get(versions.row.pk, [])
        ],
        "entities": ids.entity_mentions.get(versions.row.pk, []),
    }


def _page(versions: PageVersions, ids: _Ids) -> dict[str, Any]:
    live = versions.live
    parent_id = parent_page_id(versions.row)
    return {
        **_page_state(versions),
        "source_id": versions.row.source_id,
        # A page under another page; null for one under the home page.
        "parent": ids.pages.get(parent_id) if parent_id else None,
        "content": _page_content(versions.current, ids),
        "live_content": _page_content(live, ids) if live else None,
    }


def _page_state(versions: PageVersions) -> dict[str, Any]:
    row = versions.row
    return {
        "id": str(row.translation_key),
        "status": versions.status.value,
        "first_published_at": _iso(row.first_published_at),
        "last_published_at": _iso(row.last_published_at),
    }


def _common_content(page: Page) -> dict[str, Any]:
    return {
        "title": page.title,
        "slug": page.slug,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "show_in_menus": page.show_in_menus,
        "go_live_at": _iso(page.go_live_at),
        "expire_at": _iso(page.expire_at),
    }


def _post_content(post: PostPage, ids: _Ids) -> dict[str, Any]:
    return {
        **_common_content(post),
        "author": ids.authors.get(post.author_id),
        "date": _iso(post.date),
        "excerpt": post.excerpt,
        "category": ids.categories.get(post.category_id),
        "tags": sorted(
            ids.tags[item.tag_id] for item in post.tagged_items.all() if item.tag_id in ids.tags
        ),
        "language": post.language,
        "sticky": post.sticky,
        "cover_image": ids.images.get(post.cover_image_id),
        "cover_image_alt": post.cover_image_alt,
        "cover_image_caption": post.cover_image_caption,
        "cover_image_credit": post.cover_image_credit,
        "stories": post_story_slugs(post, ids.stories),
        "body": ids.body(_POST_BODY, post.body),
    }


def _page_content(page: StandardPage, ids: _Ids) -> dict[str, Any]:
    return {**_common_content(page), "body": ids.body(_PAGE_BODY, page.body)}


def _comments(post: PostPage, ids: _Ids) -> list[dict[str, Any]]:
    comments = list(post.comments.all())
    # A comment made here gets an id naming this site; one imported keeps its own, so
    # that the site it came from can still be imported again over it.
    comment_ids = {
        comment.pk: comment.source_id or f"broadsheet:{ids.site_url}:comment:{comment.pk}"
        for comment in comments
    }
    entries = [
        {
            "id": comment_ids[comment.pk],
            "parent": comment_ids.get(comment.parent_id),
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_url": comment.author_url,
            "body": comment.body,
            "status": comment.status,
            "created_at": _iso(comment.created_at),
        }
        for comment in comments
    ]
    return sorted(entries, key=lambda entry: (entry["created_at"], entry["id"]))


def _redirects(ids: _Ids) -> list[dict[str, Any]]:
    entries = [
        {
            "old_path": redirect.old_path,
            "site": redirect.site.root_url if redirect.site else None,
            "is_permanent": redirect.is_permanent,
            "page": ids.pages.get(redirect.redirect_page_id),
            "page_route_path": redirect.redirect_page_route_path,
            "link": redirect.redirect_link,
            "automatically_created": redirect.automatically_created,
        }
        for redirect in Redirect.objects.select_related("site").iterator()
    ]
    return sorted(entries, key=lambda entry: (entry["old_path"], entry["site"] or ""))


# ---- Writing ---------------------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def _document_write(
    text: IO[str], head: dict[str, Any], sections: dict[str, Iterable[dict]]
) -> None:
    """The document, indented as json.dump(indent=2) would, one entry at a time.

    Posts are written as they are read, so the export holds one chunk of them in
    memory whatever the size of the site.
    """
    text.write("{")
    for key, value in head.items():
        text.write(f"\n  {json.dumps(key)}: {_dumped(value, level=1)},")
    for number, (name, entries) in enumerate(sections.items()):
        text.write(f"\n  {json.dumps(name)}: [")
        empty = True
        for entry in entries:
            text.write(("\n    " if empty else ",\n    ") + _dumped(entry, level=2))
            empty = False
        text.write("]" if empty else "\n  ]")
        text.write("," if number < len(sections) - 1 else "\n")
    text.write("}\n")


def _dumped(value: Any, *, level: int) -> str:
    # Strings never hold a raw line break in JSON, so indenting after each is safe.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
