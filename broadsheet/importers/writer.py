"""Stores neutral records: each post or page, with all that hangs off it, in one transaction."""

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.views import serve as wagtail_serve

from broadsheet.blog.models import Author, BlogIndexPage, Category, PostPage
from broadsheet.blog.services import (
    PublicationDates,
    page_add_published,
    page_draft_save,
    page_publish,
    pages_add_published,
    site_structure_ensure,
)
from broadsheet.importers import limits
from broadsheet.importers.comments import comments_add, comments_store
from broadsheet.importers.fetch import ImageFetcher
from broadsheet.importers.html_body import BodyImage, ImportedHTML, image_key
from broadsheet.importers.images import ImageLibrary, ImageUnavailable, image_content
from broadsheet.importers.language import post_language
from broadsheet.importers.media import MediaFiles
from broadsheet.importers.pages import PageContent, page_matching
from broadsheet.importers.records import (
    CategoryRecord,
    ImageRecord,
    MediaFolderRecord,
    OldAddressRecord,
    OwnRecord,
    PostKind,
    PostRecord,
    PostStatus,
)
from broadsheet.importers.redirects import (
    listing_redirect_store,
    old_path,
    redirected_paths,
    redirects_add,
    redirects_store,
)
from broadsheet.importers.results import Changes, Kind, Outcome, plural
from broadsheet.importers.slugs import clean_slug, fitted_source_id, numbered_slug
from broadsheet.importers.tasks import index_imported_posts
from broadsheet.importers.taxonomy import Taxonomy
from broadsheet.pagecache.purge import all_purge_on_commit
from broadsheet.pages.models import StandardPage
from broadsheet.related.signals import related_refresh_on_commit

_BODY_BLOCK = PostPage._meta.get_field("body").stream_block
_SOURCE_URL_LENGTH = PostPage._meta.get_field("source_url").max_length
_COVER_ALT_LENGTH = PostPage._meta.get_field("cover_image_alt").max_length
_SEO_TITLE_LENGTH = Page._meta.get_field("seo_title").max_length
_validate_url = URLValidator(schemes=["http", "https"])
# What a page that was a WordPress site's list of posts is called, when it says nothing
# itself: such a page becomes this site's blog index.
_POSTS_PAGE_TITLES = {"blog", "news", "posts", "articles", "journal", "latest", "updates"}


@dataclass(frozen=True)
class _Picture:
    """A picture a post uses, read or fetched before its transaction starts."""

    record: ImageRecord
    known: AbstractImage | None = None
    content: bytes | None = None


@dataclass(frozen=True)
class _NewPost:
    """A post to be written with others (ArchiveWriter.posts_store), read and checked."""

    record: PostRecord
    slug: str
    html: ImportedHTML | None
    pictures: list[_Picture]
    changes: Changes


class ArchiveWriter:
    """Stores one import run's records, keeping what posts share (authors, categories,
    tags, the blog's pages, the picture files at hand) between them.

    Every record is stored whole or not at all. After a rollback, whatever was kept may
    name rows that are gone, so it is dropped.
    """

    def __init__(
        self,
        *,
        fetcher: ImageFetcher | None = None,
        author_names: Mapping[str, str] | None = None,
        media_folders: tuple[Path, ...] = (),
    ) -> None:
        self._fetcher = fetcher
        self._taxonomy = Taxonomy(author_names=author_names or {})
        self._images = ImageLibrary()
        self._media = MediaFiles()
        for folder in media_folders:
            self._media.add(folder)
        # The folders of the file being read, forgotten once it is done.
        self._file_media: list[Path] = []
        self._blog_index: BlogIndexPage | None = None
        self._reserved: dict[str, bool] = {}

    def category_store(self, record: CategoryRecord) -> Changes:
        changes = Changes(item=record.name)
        errors = _field_errors({}, "", Category, {"name": record.name})
        if errors:
            raise ValidationError(errors)
        with self._forgetting_on_rollback(), transaction.atomic():
            self._taxonomy.category_store(record, changes)
        return changes

    def media_folder_add(self, record: MediaFolderRecord) -> None:
        """Take the pictures of the file being read from ``record.folder`` when it has them."""
        self._media.add(record.folder)
        self._file_media.append(record.folder)

    def file_done(self) -> None:
        """Forget what was good for one file only: the folders of its unpacked export."""
        for folder in self._file_media:
            self._media.remove(folder)
        self._file_media.clear()

    def post_store(self, record: PostRecord) -> Changes:
        """Create or update the post or page ``record`` describes, with its pictures,
        comments and redirects; publish, schedule or restrict it, or keep it a draft.

        The post is found by ``source_id`` (see pages.page_matching), so importing an
        archive again updates its posts. A record the site cannot hold raises
        ValidationError, keyed by field, with nothing of it stored.
        """
        errors = self._record_errors(record)
        if errors:
            raise ValidationError(errors)
        changes = Changes(item=record.title)
        html = ImportedHTML(record.body_html) if record.body_html else None
        for note in html.notes if html else ():
            changes.note(note)
        # Reading and fetching happen before the transaction, which they would hold open.
        pictures = self._pictures_read(record, html, changes)
        with self._forgetting_on_rollback(), transaction.atomic():
            images = self._pictures_store(pictures, changes)
            body = _body(record, html, images)
            if record.kind is PostKind.PAGE:
                page = self._page_store(record, body, changes)
            else:
                page = self._post_store(record, body, images, changes)
            redirects_store(
                page=page,
                old_urls=record.old_urls,
                changes=changes,
                taken_paths={self._blog_index_ensure().url} - {page.url},
            )
        return changes

    def posts_store(
        self, records: Sequence[PostRecord]
    ) -> Iterator[tuple[PostRecord, Callable[[], Changes]]]:
        """Store ``records`` as ``post_store`` would, in their order, writing the new
        published posts among them together: yields each record with what stores it, to
        be called before the next is yielded, which raises as ``post_store`` does.

        A run of new posts is written in one transaction (blog.services.pages_add_published),
        which costs a fraction of writing them one at a time. When it fails, none of it
        stays and each of its posts is stored again on its own, so that the one at fault is
        reported by name, as ever, and the others land. Posts met before (found by
        ``source_id``), drafts, scheduled or private posts, pages, and posts whose address
        or old addresses are taken are stored on their own.
        """
        pending = list(records)
        while pending:
            run = self._new_posts_run(pending)
            if not run:
                record = pending.pop(0)
                yield record, partial(self.post_store, record)
                continue
            del pending[: len(run)]
            try:
                self._new_posts_store(run)
            except Exception:
                # Nothing of the run stays: each of its posts is stored on its own instead.
                for new_post in run:
                    yield new_post.record, partial(self.post_store, new_post.record)
            else:
                for new_post in run:
                    yield new_post.record, partial(_stored, new_post.changes)

    def _new_posts_run(self, records: Sequence[PostRecord]) -> list[_NewPost]:
        """The new published posts that ``records`` start with, read and ready to write."""
        candidates = list(itertools.takewhile(_may_be_new_post, records))
        if not candidates:
            return []
        blog_index = self._blog_index_ensure()
        slugs = {_record_slug(record) for record in candidates}
        source_ids = {fitted_source_id(record.source_id) for record in candidates}
        slugs_taken = set(
            Page.objects.child_of(blog_index).filter(slug__in=slugs).values_list("slug", flat=True)
        )
        sources_met = set(
            PostPage.objects.filter(source_id__in=source_ids).values_list("source_id", flat=True)
        )
        paths_taken = redirected_paths(url for record in candidates for url in record.old_urls)
        run: list[_NewPost] = []
        for record in candidates:
            slug, source_id = _record_slug(record), fitted_source_id(record.source_id)
            paths = {path for url in record.old_urls if (path := old_path(url)) is not None}
            if (
                slug in slugs_taken
                or source_id in sources_met
                or paths & paths_taken
                or self._record_errors(record)
            ):
                break
            slugs_taken.add(slug)
            sources_met.add(source_id)
            paths_taken |= paths
            changes = Changes(item=record.title)
            html = ImportedHTML(record.body_html) if record.body_html else None
            for note in html.notes if html else ():
                changes.note(note)
            pictures = self._pictures_read(record, html, changes)
            run.append(_NewPost(record, slug, html, pictures, changes))
        return run

    def _new_posts_store(self, run: Sequence[_NewPost]) -> None:
        with self._forgetting_on_rollback(), transaction.atomic():
            blog_index = self._blog_index_ensure()
            pages = []
            for new_post in run:
                record, changes = new_post.record, new_post.changes
                images = self._pictures_store(new_post.pictures, changes)
                body = _body(record, new_post.html, images)
                post = PostPage(live=False)
                self._post_content(record, new_post.slug, body, images, changes).apply(post)
                # What saving the page would check of its fields; the others (its place in
                # the tree, its keys) are new and were checked above.
                post.clean_fields(exclude=_CHECKED_BEFORE)
                pages.append((post, _publication_dates(record)))
                changes.count(Kind.POST, Outcome.CREATED)
            pages_add_published(parent=blog_index, pages=pages)
            posts = [post for post, _ in pages]
            comment_ids = comments_add(
                posts=[
                    (post, new_post.record.comments, new_post.changes)
                    for post, new_post in zip(posts, run, strict=True)
                ]
            )
            redirects_add(
                pages=[
                    (post, new_post.record.old_urls, new_post.changes)
                    for post, new_post in zip(posts, run, strict=True)
                ],
                taken_paths=[blog_index.url],
            )
            # What the posts' saves and publication would have queued, one task for all,
            # queued if and only if they commit.
            index_imported_posts.enqueue(
                post_ids=[post.pk for post in posts], comment_ids=comment_ids
            )
            for post in posts:
                related_refresh_on_commit(post.pk)
            all_purge_on_commit()

    def old_address_store(self, record: OldAddressRecord) -> Changes:
        """Redirect an old listing's address (a category's page) to this site's listing."""
        changes = Changes(item=record.old_url)
        target = self._listing_url(record)
        if target is None:
            # No imported post is filed there: there is no listing to send readers to.
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
            return changes
        with self._forgetting_on_rollback(), transaction.atomic():
            listing_redirect_store(old_url=record.old_url, target=target, changes=changes)
        return changes

    def own_record_store(self, record: OwnRecord) -> Changes:
        """Store a record its format stores itself, whole or not at all."""
        with self._forgetting_on_rollback(), transaction.atomic():
            return record.store(images=self._images)

    def discard_uncommitted_files(self) -> None:
        """Delete the files of pictures stored in transactions that were then rolled back."""
        self._images.discard_uncommitted_files()

    @contextmanager
    def _forgetting_on_rollback(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._taxonomy.forget()
            self._blog_index = None
            self._images.discard_uncommitted_files()
            raise

    # ---- Posts and pages ---------------------------------------------------------------

    def _post_store(
        self,
        record: PostRecord,
        body: StreamValue,
        images: Mapping[str, BodyImage],
        changes: Changes,
    ) -> PostPage:
        source_id = fitted_source_id(record.source_id)
        slug = _record_slug(record)
        existing = page_matching(PostPage, source_id=source_id, slugs=[slug])
        blog_index = self._blog_index_ensure()
        slug = _free_slug(slug, blog_index, existing, changes, what="post")
        content = self._post_content(record, slug, body, images, changes)
        if existing is None:
            post = PostPage(live=False)
            content.apply(post)
            self._status_apply(post, record, changes, new_under=blog_index)
            changes.count(Kind.POST, Outcome.CREATED)
        else:
            if existing.source_id != source_id:
                changes.note(f"it takes over the post at {existing.url}, which was written here")
            # Compared with the latest revision, not the live page: that is what the next
            # publish would replace, and what an editor sees.
            post = existing.get_latest_revision_as_object()
            if content.matches(post) and _status_matches(post, record):
                changes.count(Kind.POST, Outcome.UNCHANGED)
            else:
                content.apply(post)
                self._status_apply(post, record, changes)
                changes.count(Kind.POST, Outcome.UPDATED)
        comments_store(post=post, records=record.comments, changes=changes)
        return post

    def _post_content(
        self,
        record: PostRecord,
        slug: str,
        body: StreamValue,
        images: Mapping[str, BodyImage],
        changes: Changes,
    ) -> PageContent:
        values = {
            "title": record.title,
            "slug": slug,
            "author_id": self._taxonomy.author(record.author).pk,
            "date": _to_milliseconds(record.date),
            "excerpt": record.excerpt,
            "category_id": (
                self._taxonomy.category(record.category, changes).pk if record.category else None
            ),
            "body": body,
            "source_id": fitted_source_id(record.source_id),
            "source_url": _source_url(record.old_urls),
            "sticky": record.sticky,
            "language": post_language(record, changes),
            **_seo(record, search_description=record.search_description),
            "go_live_at": _go_live_at(record),
            **self._cover(record, images, changes),
        }
        return PageContent(values, tags=tuple(self._taxonomy.tags(record.tags)))

    def _page_store(self, record: PostRecord, body: StreamValue, changes: Changes) -> Page:
        source_id = fitted_source_id(record.source_id)
        slug = _record_slug(record)
        parent = self._page_parent(record, changes)
        blog_index = self._blog_index_ensure()
        home = blog_index.get_parent()
        existing = page_matching(StandardPage, source_id=source_id, slugs=[slug])
        if existing is None and parent.pk == home.pk and _is_posts_page(record, slug, blog_index):
            changes.count(Kind.PAGE, Outcome.SKIPPED)
            changes.note(
                f"it was the site's list of posts: its address now leads to this site's, "
                f"{blog_index.url}"
            )
            return blog_index
        _note_what_pages_lack(record, changes)
        if parent.pk == home.pk and self._is_reserved(slug, existing):
            changes.note(
                f"its address /{slug}/ belongs to this site's own pages: it is at "
                f"/{slug}-page/ instead"
            )
            slug = f"{slug}-page"
        slug = _free_slug(slug, parent, existing, changes, what="page")
        values = {
            "title": record.title,
            "slug": slug,
            "body": body,
            **_seo(record, search_description=record.search_description or record.excerpt),
            "source_id": source_id,
            "go_live_at": _go_live_at(record),
        }
        content = PageContent(values)
        if existing is None:
            page = StandardPage(live=False)
            content.apply(page)
            self._status_apply(page, record, changes, new_under=parent)
            changes.count(Kind.PAGE, Outcome.CREATED)
            return page
        moved = existing.get_parent().pk != parent.pk
        if moved:
            existing.move(parent, pos="last-child")
            existing = StandardPage.objects.get(pk=existing.pk)
        page = existing.get_latest_revision_as_object()
        if not moved and content.matches(page) and _status_matches(page, record):
            changes.count(Kind.PAGE, Outcome.UNCHANGED)
        else:
            content.apply(page)
            self._status_apply(page, record, changes)
            changes.count(Kind.PAGE, Outcome.UPDATED)
        return page

    def _page_parent(self, record: PostRecord, changes: Changes) -> Page:
        """The page ``record`` is filed under: its parent page when imported, else home."""
        home = self._blog_index_ensure().get_parent()
        if not record.parent_source_id:
            return home
        parent = StandardPage.objects.filter(
            source_id=fitted_source_id(record.parent_source_id)
        ).first()
        if parent is None:
            changes.note("the page it was filed under is not imported: it is at the top level")
            return home
        return parent

    def _status_apply(
        self, page: Page, record: PostRecord, changes: Changes, *, new_under: Page | None = None
    ) -> None:
        """Publish, schedule, restrict or keep a draft, as the source had it; a new page
        is first added under ``new_under``."""
        dates = _publication_dates(record)
        scheduled = record.status is PostStatus.SCHEDULED and record.date > timezone.now()
        if new_under is not None:
            if record.status is not PostStatus.DRAFT and not scheduled:
                # Most of an archive: added live at once (blog.services.page_add_published).
                page_add_published(parent=new_under, page=page, dates=dates)
                self._privacy_apply(page, record, changes)
                return
            new_under.add_child(instance=page)
        if record.status is PostStatus.DRAFT:
            page_draft_save(page=page)
            return
        if scheduled:
            if page.live:
                # Not public at its source yet: readers stop seeing it until its date.
                page_draft_save(page=page)
            # Not validated as the revision is saved: publishing validates the page when it
            # saves it, and checking twice cost a tenth of an import's time.
            page_publish(page=page, clean=False)
            changes.note(f"scheduled: it goes live on {timezone.localtime(record.date):%b %-d, %Y}")
            return
        page_publish(page=page, dates=dates, clean=False)
        self._privacy_apply(page, record, changes)

    def _privacy_apply(self, page: Page, record: PostRecord, changes: Changes) -> None:
        if record.status is PostStatus.PRIVATE:
            PageViewRestriction.objects.get_or_create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
            changes.note(
                "private at its source: published for signed-in editors only; remove its "
                "privacy setting in the admin to show it to everyone"
            )

    def _is_reserved(self, slug: str, existing: Page | None) -> bool:
        """Whether /<slug>/ is one of this site's own addresses (search, feeds, the blog)."""
        if existing is not None and existing.slug == slug:
            return False
        if slug == self._blog_index_ensure().slug:
            return True
        if slug not in self._reserved:
            try:
                view = resolve(f"/{slug}/").func
            except Resolver404:
                view = wagtail_serve
            self._reserved[slug] = view is not wagtail_serve
        return self._reserved[slug]

    def _blog_index_ensure(self) -> BlogIndexPage:
        if self._blog_index is None:
            self._blog_index = site_structure_ensure()
        return self._blog_index

    def _listing_url(self, record: OldAddressRecord) -> str | None:
        if record.target == "category":
            category = Category.objects.filter(name=record.name).first()
            return category.get_absolute_url() if category else None
        if record.target == "tag":
            tag = Tag.objects.filter(name__iexact=record.name).first()
            return f"/blog/tag/{tag.slug}/" if tag else None
        name = self._taxonomy.author_name_of(record.name)
        author = Author.objects.filter(name=name).order_by("pk").first()
        return author.get_absolute_url() if author else None

    def _record_errors(self, record: PostRecord) -> dict[str, list[str]]:
        """What the site cannot hold, by field, found before anything is written.

        Wagtail's own save checks little, and reports a too-long title without saying
        which field; a database may refuse a too-long name outright.
        """
        size = len(record.body_html) + sum(len(paragraph) for paragraph in record.paragraphs)
        if size > limits.MAX_POST_CHARACTERS:
            return {"body": [limits.too_large(size, limits.MAX_POST_CHARACTERS, "a post")]}
        errors: dict[str, list[str]] = {}
        if record.kind is PostKind.PAGE:
            return _field_errors(errors, "", StandardPage, {"title": record.title})
        _field_errors(
            errors,
            "",
            PostPage,
            {"title": record.title, "date": record.date, "excerpt": record.excerpt},
        )
        author = {"name": self._taxonomy.author_name(record.author)}
        _field_errors(errors, "author ", Author, author)
        if record.category:
            _field_errors(errors, "category ", Category, {"name": record.category})
        for tag in record.tags:
            _field_errors(errors, "tag ", Tag, {"name": tag})
        return errors

    # ---- Pictures -------------------------------------------------------------------------

    def _pictures_read(
        self, record: PostRecord, html: ImportedHTML | None, changes: Changes
    ) -> list[_Picture]:
        """Each picture the post uses: known from an earlier import, or its bytes."""
        wanted: dict[str, ImageRecord] = {}
        for image in (record.cover_image, *record.images):
            if image is not None:
                wanted.setdefault(_picture_key(image), image)
        for src in html.image_sources() if html else ():
            wanted.setdefault(image_key(src), ImageRecord(url=src))
        pictures = []
        for image in wanted.values():
            known = self._images.known(image.url) if image.url else None
            if known is not None:
                pictures.append(_Picture(image, known=known))
                continue
            if image.path is None and (local := self._media.find(image.url)):
                image = replace(image, path=local)
            try:
                content = image_content(image, fetcher=self._fetcher)
            except ImageUnavailable as error:
                changes.problem(Kind.IMAGE, f"image {_shown(image)}: {error}; {_LINKED}")
                continue
            if content is None:
                # Counted, and told once for the whole run: the post links to it.
                changes.count(Kind.IMAGE, Outcome.SKIPPED)
                continue
            pictures.append(_Picture(image, content=content))
        return pictures

    def _pictures_store(self, pictures: list[_Picture], changes: Changes) -> dict[str, BodyImage]:
        """The library's copy of each picture, by _picture_key."""
        stored = {}
        for picture in pictures:
            # Either known to the library already, or read and to be stored.
            if picture.content is None:
                image, outcome = picture.known, Outcome.UNCHANGED
            else:
                try:
                    image, outcome = self._images.store(picture.record, picture.content)
                except ImageUnavailable as error:
                    changes.problem(
                        Kind.IMAGE, f"image {_shown(picture.record)}: {error}; {_LINKED}"
                    )
                    continue
            changes.count(Kind.IMAGE, outcome)
            key = _picture_key(picture.record)
            stored[key] = BodyImage(image, alt=picture.record.alt, caption=picture.record.caption)
        return stored

    def _cover(
        self, record: PostRecord, images: Mapping[str, BodyImage], changes: Changes
    ) -> dict[str, object]:
        wanted = record.cover_image
        cover = images.get(_picture_key(wanted)) if wanted else None
        if wanted is None or cover is None:
            if wanted is not None:
                changes.note("the cover image was not imported; the post has none")
            return {"cover_image_id": None, "cover_image_alt": ""}
        alt = cover.alt or cover.caption or wanted.title
        if not alt:
            # The site requires a description of a cover picture.
            alt = record.title
            changes.note("the cover image has no description; the post's title stands in")
        return {"cover_image_id": cover.image.pk, "cover_image_alt": alt[:_COVER_ALT_LENGTH]}


_LINKED = "the post links to it instead"


# Fields a new post's save would validate that posts_store has made sure of: its keys,
# its place in the tree, and the rows it points at, which it has just found or made.
_CHECKED_BEFORE = [
    field.name
    for field in PostPage._meta.concrete_fields
    if field.is_relation or field.name in {"path", "depth", "url_path", "translation_key"}
]


def _may_be_new_post(record: PostRecord) -> bool:
    """Whether ``record`` may be written with others, if new: a post, published as it is."""
    return record.kind is PostKind.POST and record.status is PostStatus.PUBLISHED


def _stored(changes: Changes) -> Changes:
    return changes


def _picture_key(image: ImageRecord) -> str:
    return image_key(image.url) if image.url else str(image.path)


def _shown(image: ImageRecord) -> str:
    return image.url or str(image.path)


def _record_slug(record: PostRecord) -> str:
    """The record's slug made one Wagtail accepts, else one from its title or its kind."""
    return (
        clean_slug(record.slug)
        or clean_slug(record.title)
        or f"{record.kind.value}-{fitted_source_id(record.source_id, max_length=40)}"
    )


def _free_slug(slug: str, parent: Page, page: Page | None, changes: Changes, *, what: str) -> str:
    """``slug``, or "slug-2", "slug-3"… when another page under ``parent`` has it.

    A page numbered by an earlier import keeps its number, so importing again moves
    nothing; the first post of a source never loses its address to the second.
    """
    if Page._slug_is_available(slug, parent, page):
        return slug
    number_given = page.slug.removeprefix(f"{slug}-") if page is not None else ""
    if page is not None and page.slug.startswith(f"{slug}-") and number_given.isdigit():
        return page.slug
    number = 2
    while not Page._slug_is_available(numbered_slug(slug, number), parent, page):
        number += 1
    free = numbered_slug(slug, number)
    changes.note(f"another {what} has the address {slug!r}: this one is at {free!r}")
    return free


def _is_posts_page(record: PostRecord, slug: str, blog_index: BlogIndexPage) -> bool:
    """Whether the page was the source's list of posts: WordPress's "posts page", an empty
    page whose address the theme filled with the latest posts."""
    named_so = record.title.strip().casefold() in _POSTS_PAGE_TITLES
    empty = not "".join(record.paragraphs).strip() and not _has_words(record.body_html)
    if slug == blog_index.slug:
        return empty or named_so
    return empty and (named_so or slug in _POSTS_PAGE_TITLES)


def _has_words(html: str) -> bool:
    return bool(ImportedHTML(html).text().strip()) if html.strip() else False


def _seo(record: PostRecord, *, search_description: str) -> dict[str, str]:
    return {
        "seo_title": record.seo_title[:_SEO_TITLE_LENGTH],
        "search_description": search_description,
    }


def _go_live_at(record: PostRecord) -> dt.datetime | None:
    return _to_milliseconds(record.date) if record.status is PostStatus.SCHEDULED else None


def _to_milliseconds(moment: dt.datetime) -> dt.datetime:
    """``moment`` to the millisecond: revisions keep no finer, and a date that differs
    from its own revision by microseconds would count as changed on every import."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _publication_dates(record: PostRecord) -> PublicationDates:
    return PublicationDates(
        first=_to_milliseconds(record.date),
        last=_to_milliseconds(record.modified or record.date),
    )


def _status_matches(page: Page, record: PostRecord) -> bool:
    """Whether ``page`` is published, scheduled or a draft, as ``record`` wants it."""
    shown = page.live and not page.has_unpublished_changes
    if record.status is PostStatus.DRAFT:
        return not page.live
    if record.status is PostStatus.SCHEDULED and record.date > timezone.now():
        return not page.live and page.scheduled_revision is not None
    if record.status is PostStatus.PRIVATE:
        return shown and PageViewRestriction.objects.filter(page_id=page.pk).exists()
    return shown


def _body(record: PostRecord, html: ImportedHTML | None, images: Mapping[str, BodyImage]):
    if html is not None:
        blocks = html.blocks(images)
    else:
        # Text from a file is text, never markup: escaped, then one paragraph block each.
        blocks = [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in record.paragraphs]
    return _BODY_BLOCK.normalize(blocks)


def _source_url(old_urls: tuple[str, ...]) -> str:
    """The post's address at its source: the first of its old addresses that is a full URL."""
    for url in old_urls:
        try:
            _validate_url(url)
        except ValidationError:
            continue
        if len(url) <= _SOURCE_URL_LENGTH:
            return url
    return ""


def _note_what_pages_lack(record: PostRecord, changes: Changes) -> None:
    lacking = {
        "tags": bool(record.tags),
        "category": bool(record.category),
        "cover image": record.cover_image is not None,
    }
    for what, present in lacking.items():
        if present:
            changes.note(f"a page has no {what}: left out")
    if record.comments:
        left_out = plural(len(record.comments), "comment")
        changes.note(f"a page has no comments: {left_out} left out")


def _field_errors(
    errors: dict[str, list[str]], prefix: str, model: type[models.Model], values: Mapping
) -> dict[str, list[str]]:
    """``errors`` with what ``model`` finds wrong with ``values`` added, by prefixed field."""
    others = {field.name for field in model._meta.fields} - values.keys()
    try:
        model(**values).clean_fields(exclude=others)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(prefix + field, []).extend(messages)
    return errors
