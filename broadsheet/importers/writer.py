"""Stores neutral records: each post or page, with all that hangs off it, in one transaction."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.html import escape
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.blog.services import site_structure_ensure
from broadsheet.importers.comments import comments_store
from broadsheet.importers.fetch import ImageFetcher
from broadsheet.importers.html_body import BodyImage, ImportedHTML, image_key
from broadsheet.importers.images import ImageLibrary, ImageUnavailable, image_content
from broadsheet.importers.records import (
    CategoryRecord,
    ImageRecord,
    OwnRecord,
    PostKind,
    PostRecord,
    PostStatus,
)
from broadsheet.importers.redirects import redirects_store
from broadsheet.importers.results import Changes, Kind, Outcome
from broadsheet.importers.taxonomy import Taxonomy
from broadsheet.pages.models import StandardPage

_BODY_BLOCK = PostPage._meta.get_field("body").stream_block
_SOURCE_URL_LENGTH = PostPage._meta.get_field("source_url").max_length
_COVER_ALT_LENGTH = PostPage._meta.get_field("cover_image_alt").max_length
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class _Picture:
    """A picture a post uses, read or fetched before its transaction starts."""

    record: ImageRecord
    known: AbstractImage | None = None
    content: bytes | None = None


class ArchiveWriter:
    """Stores one import run's records, keeping what posts share (authors, categories,
    tags, the blog's pages) between them.

    Every record is stored whole or not at all. After a rollback, whatever was kept may
    name rows that are gone, so it is dropped.
    """

    def __init__(
        self,
        *,
        fetcher: ImageFetcher | None = None,
        author_names: Mapping[str, str] | None = None,
    ) -> None:
        self._fetcher = fetcher
        self._taxonomy = Taxonomy(author_names=author_names or {})
        self._images = ImageLibrary()
        self._blog_index: Page | None = None

    def category_store(self, record: CategoryRecord) -> Changes:
        changes = Changes(item=record.name)
        errors = _field_errors({}, "", Category, {"name": record.name})
        if errors:
            raise ValidationError(errors)
        with self._forgetting_on_rollback(), transaction.atomic():
            self._taxonomy.category_store(record, changes)
        return changes

    def post_store(self, record: PostRecord) -> Changes:
        """Create or update the post or page ``record`` describes, with its pictures,
        comments and redirects; publish it, or keep it a draft.

        The post is found by ``source_id``, then by slug, so importing an archive again
        updates its posts. A record the site cannot hold raises ValidationError, keyed by
        field, with nothing of it stored.
        """
        errors = self._record_errors(record)
        if errors:
            raise ValidationError(errors)
        changes = Changes(item=record.title)
        html = ImportedHTML(record.body_html) if record.body_html else None
        # Reading and fetching happen before the transaction, which they would hold open.
        pictures = self._pictures_read(record, html, changes)
        with self._forgetting_on_rollback(), transaction.atomic():
            images = self._pictures_store(pictures, changes)
            body = _body(record, html, images)
            if record.kind is PostKind.PAGE:
                page = self._page_store(record, body, changes)
            else:
                page = self._post_store(record, body, images, changes)
            redirects_store(page=page, old_urls=record.old_urls, changes=changes)
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
        values = {
            "title": record.title,
            "slug": record.slug,
            "author_id": self._taxonomy.author(record.author).pk,
            "date": record.date,
            "excerpt": record.excerpt,
            "category_id": (
                self._taxonomy.category(record.category, changes).pk if record.category else None
            ),
            "body": body,
            "source_id": record.source_id,
            "source_url": _source_url(record.old_urls),
            "sticky": record.sticky,
            **self._cover(record, images, changes),
        }
        tags = self._taxonomy.tags(record.tags)
        existing = _matching(PostPage, record)
        if existing is None:
            post = PostPage(live=False, **values)
            post.tags.set(tags)
            self._blog_index_ensure().add_child(instance=post)
            self._publish_or_keep_draft(post, record)
            changes.count(Kind.POST, Outcome.CREATED)
        else:
            # Compared with the latest revision, not the live page: that is what the next
            # publish would replace, and what an editor sees.
            post = existing.get_latest_revision_as_object()
            same_tags = {tag.pk for tag in post.tags.all()} == {tag.pk for tag in tags}
            if same_tags and _unchanged(post, values, record):
                changes.count(Kind.POST, Outcome.UNCHANGED)
            else:
                _set(post, values)
                post.tags.set(tags)
                self._publish_or_keep_draft(post, record)
                changes.count(Kind.POST, Outcome.UPDATED)
        comments_store(post=post, records=record.comments, changes=changes)
        return post

    def _page_store(self, record: PostRecord, body: StreamValue, changes: Changes) -> StandardPage:
        _note_what_pages_lack(record, changes)
        values = {
            "title": record.title,
            "slug": record.slug,
            "body": body,
            "search_description": record.excerpt,
            "source_id": record.source_id,
        }
        existing = _matching(StandardPage, record)
        if existing is None:
            page = StandardPage(live=False, **values)
            # Pages live beside the blog index, under the home page.
            self._blog_index_ensure().get_parent().add_child(instance=page)
            self._publish_or_keep_draft(page, record)
            changes.count(Kind.PAGE, Outcome.CREATED)
            return page
        page = existing.get_latest_revision_as_object()
        if _unchanged(page, values, record):
            changes.count(Kind.PAGE, Outcome.UNCHANGED)
        else:
            _set(page, values)
            self._publish_or_keep_draft(page, record)
            changes.count(Kind.PAGE, Outcome.UPDATED)
        return page

    def _publish_or_keep_draft(self, page: PostPage | StandardPage, record: PostRecord) -> None:
        if record.status is PostStatus.DRAFT:
            page.save_revision()
            if page.live:
                # The source took it down: so do we. Unpublishing saves the whole page, so
                # it works on a fresh copy that knows the revision just saved.
                type(page).objects.get(pk=page.pk).unpublish()
            return
        # Not validated as the revision is saved: publishing validates the page when it
        # saves it, and checking twice cost a tenth of an import's time.
        page.save_revision(clean=False).publish()
        # The dates it had at its source, not the day of the import.
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=record.date, last_published_at=record.modified or record.date
        )

    def _blog_index_ensure(self) -> Page:
        if self._blog_index is None:
            self._blog_index = site_structure_ensure()
        return self._blog_index

    def _record_errors(self, record: PostRecord) -> dict[str, list[str]]:
        """What the site cannot hold, by field, found before anything is written.

        Wagtail's own save checks little, and reports a too-long title without saying
        which field; a database may refuse a too-long name outright.
        """
        errors: dict[str, list[str]] = {}
        if record.kind is PostKind.PAGE:
            page_fields = {
                "title": record.title,
                "slug": record.slug,
                "source_id": record.source_id,
            }
            return _field_errors(errors, "", StandardPage, page_fields)
        _field_errors(
            errors,
            "",
            PostPage,
            {
                "title": record.title,
                "slug": record.slug,
                "date": record.date,
                "excerpt": record.excerpt,
                "source_id": record.source_id,
            },
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
            try:
                content = image_content(image, fetcher=self._fetcher)
            except ImageUnavailable as error:
                changes.problem(Kind.IMAGE, f"image {_shown(image)}: {error}; {_LINKED}")
                continue
            if content is None:
                changes.count(Kind.IMAGE, Outcome.SKIPPED)
                changes.note(
                    f"image {image.url}: not fetched (import with --fetch-images to copy it "
                    f"into the image library); {_LINKED}"
                )
                continue
            pictures.append(_Picture(image, content=content))
        return pictures

    def _pictures_store(self, pictures: list[_Picture], changes: Changes) -> dict[str, BodyImage]:
        """The library's copy of each picture, by _picture_key."""
        stored = {}
        for picture in pictures:
            if picture.known is not None:
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
        cover = images.get(_picture_key(record.cover_image)) if record.cover_image else None
        if cover is None:
            if record.cover_image is not None:
                changes.note("the cover image was not imported; the post has none")
            return {"cover_image_id": None, "cover_image_alt": ""}
        alt = cover.alt or cover.caption or record.cover_image.title
        if not alt:
            # The site requires a description of a cover picture.
            alt = record.title
            changes.note("the cover image has no description; the post's title stands in")
        return {"cover_image_id": cover.image.pk, "cover_image_alt": alt[:_COVER_ALT_LENGTH]}


_LINKED = "the post links to it instead"


def _picture_key(image: ImageRecord) -> str:
    return image_key(image.url) if image.url else str(image.path)


def _shown(image: ImageRecord) -> str:
    return image.url or str(image.path)


def _matching(model: type[PostPage | StandardPage], record: PostRecord):
    """The page an earlier import made from ``record`` (same source id), else the page
    at its address (same slug), made by hand or by an import from elsewhere."""
    found = Q(slug=record.slug)
    if record.source_id:
        found |= Q(source_id=record.source_id)
    candidates = list(model.objects.filter(found).order_by("pk"))
    by_source = [page for page in candidates if page.source_id == record.source_id]
    return (by_source or candidates or [None])[0]


def _body(record: PostRecord, html: ImportedHTML | None, images: Mapping[str, BodyImage]):
    if html is not None:
        blocks = html.blocks(images)
    else:
        # Text from a file is text, never markup: escaped, then one paragraph block each.
        blocks = [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in record.paragraphs]
    return _BODY_BLOCK.normalize(blocks)


def _body_content(body: StreamValue) -> list[tuple[str, object]]:
    """The body as stored, without the block ids that differ on every build."""
    return [(block["type"], block["value"]) for block in body.get_prep_value()]


def _unchanged(page: Page, values: Mapping[str, object], record: PostRecord) -> bool:
    published = page.live and not page.has_unpublished_changes
    if published != (record.status is PostStatus.PUBLISHED):
        return False
    for name, value in values.items():
        current = getattr(page, name)
        if name == "body":
            if _body_content(current) != _body_content(value):
                return False
        elif current != value:
            return False
    return True


def _set(page: Page, values: Mapping[str, object]) -> None:
    for name, value in values.items():
        setattr(page, name, value)


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
        "tags": record.tags,
        "a category": record.category,
        "comments": record.comments,
        "a cover image": record.cover_image,
    }
    for what, value in lacking.items():
        if value:
            changes.note(f"a page has no {what}: left out")


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
