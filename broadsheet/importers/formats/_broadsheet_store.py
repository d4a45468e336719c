"""A Broadsheet export stored: pictures, authors, tags, posts, pages and redirects.

The neutral records carry a body as HTML, which would flatten a Broadsheet body's
blocks; so each entry of the export is a record that stores itself, in a transaction
of its own (``ArchiveWriter.own_record_store``), using the writer's pieces: the image
library, the taxonomy's tags, the comments' threading. Categories need nothing more
than a CategoryRecord, and go through the writer as they are.

Entries refer to each other by the export's ids, looked up afresh in the database by
each record (a picture by its file's hash, a page by its translation key), so that no
record depends on another's staying committed. What is found again is compared first:
importing an export twice changes nothing.
"""

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from broadsheet.blog.models import Author, BlogIndexPage, HomePage, PostPage, TagDescription
from broadsheet.blog.services import (
    PublicationDates,
    page_dates_set,
    page_draft_save,
    page_publish,
    site_structure_ensure,
)
from broadsheet.corrections.exchange import corrections_store
from broadsheet.entities.exchange import entity_matching, entity_store, post_mentions_store
from broadsheet.importers.comments import comments_store
from broadsheet.importers.images import ImageLibrary, ImageUnavailable
from broadsheet.importers.pages import PageContent, page_matching
from broadsheet.importers.records import CommentRecord, ImageRecord
from broadsheet.importers.results import Changes, Kind, Outcome
from broadsheet.importers.taxonomy import Taxonomy, unique_slug
from broadsheet.interchange.document import Status, page_status
from broadsheet.interchange.references import stream_rewritten
from broadsheet.newsletter.portability import subscriber_from_export
from broadsheet.pages.models import StandardPage
from broadsheet.stories.exchange import stories_by_slug, story_store

_MODELS: dict[Kind, type[PostPage | StandardPage]] = {
    Kind.POST: PostPage,
    Kind.PAGE: StandardPage,
}


@dataclass
class Export:
    """What entries refer to each other by: the export's authors, categories and pages."""

    home_id: str | None = None
    blog_index_id: str | None = None
    # Author and category names by slug: the site matches them by name, as other imports do.
    author_names: dict[str, str] = field(default_factory=dict)
    category_names: dict[str, str] = field(default_factory=dict)
    pages: dict[str, "ExportedPage"] = field(default_factory=dict)
    # The export's entities by slug, as posts name them.
    entities: dict[str, "ExportedEntity"] = field(default_factory=dict)

    def page(self, page_id: str) -> Page | None:
        """This site's page for the export's page ``page_id``, if it has one yet."""
        if page_id == self.home_id:
            return HomePage.objects.first()
        if page_id == self.blog_index_id:
            return BlogIndexPage.objects.first()
        entry = self.pages.get(page_id)
        return entry.existing() if entry else None


@dataclass(frozen=True)
class ExportedSite:
    """The exporting site's home page and blog index, which this site's stand for.

    This site's keep their content, and take the export's ids, so that exporting this
    site gives back the document imported: a page's id is its translation key, which
    nothing else here relies on while the site has one language.
    """

    kind: ClassVar[None] = None
    item: ClassVar[str] = "site"
    home_id: str | None
    blog_index_id: str | None

    def store(self, *, images: ImageLibrary) -> Changes:
        changes = Changes(item=self.item)
        blog_index = site_structure_ensure()
        for page, page_id in (
            (blog_index.get_parent(), self.home_id),
            (blog_index, self.blog_index_id),
        ):
            if page_id is None or str(page.translation_key) == page_id:
                continue
            if Page.objects.filter(translation_key=page_id).exclude(pk=page.pk).exists():
                changes.note(f"another page has the id {page_id}; {page.title!r} keeps its own")
                continue
            Page.objects.filter(pk=page.pk).update(translation_key=page_id)
        return changes


@dataclass(frozen=True)
class ExportedImage:
    kind: ClassVar[Kind] = Kind.IMAGE
    id: str
    path: Path
    title: str
    alt: str
    focal_point: tuple[int, int, int, int] | None

    @property
    def item(self) -> str:
        return f"image {self.title!r}"

    def store(self, *, images: ImageLibrary) -> Changes:
        """The picture in the library, found by its bytes or added with its description."""
        changes = Changes(item=self.item)
        try:
            content = self.path.read_bytes()
        except OSError as error:
            changes.problem(Kind.IMAGE, f"its file cannot be read ({error.strerror})")
            return changes
        if hashlib.sha1(content, usedforsecurity=False).hexdigest() != self.id:
            changes.problem(Kind.IMAGE, "its file is not the one the export names (its id)")
            return changes
        record = ImageRecord(path=self.path, title=self.title, alt=self.alt)
        try:
            image, outcome = images.store(record, content)
        except ImageUnavailable as error:
            changes.problem(Kind.IMAGE, str(error))
            return changes
        if outcome is Outcome.CREATED:
            image.description = self.alt
            x, y, width, height = self.focal_point or (None, None, None, None)
            image.focal_point_x, image.focal_point_y = x, y
            image.focal_point_width, image.focal_point_height = width, height
            image.save()
        changes.count(Kind.IMAGE, outcome)
        return changes


@dataclass(frozen=True)
class ExportedAuthor:
    """An author, credited by name; one the site lacks is made with the export's slug,
    bio and photo. One the site has is left as it is, as other imports leave it."""

    kind: ClassVar[None] = None
    slug: str
    name: str
    bio: str
    photo: str | None

    @property
    def item(self) -> str:
        return f"author {self.name!r}"

    def store(self, *, images: ImageLibrary) -> Changes:
        changes = Changes(item=self.item)
        if Author.objects.filter(name=self.name).exists():
            return changes
        author = Author(
            name=self.name,
            slug=unique_slug(Author, self.slug or self.name),
            bio=self.bio,
            photo_id=_image_pk(self.photo, changes) if self.photo else None,
        )
        author.full_clean()
        author.save()
        return changes


@dataclass(frozen=True)
class ExportedTag:
    """A tag, kept with its slug (its listing's address) unless another tag has it."""

    kind: ClassVar[None] = None
    name: str
    slug: str
    description: str = ""

    @property
    def item(self) -> str:
        return f"tag {self.name!r}"

    def store(self, *, images: ImageLibrary) -> Changes:
        tag = Tag.objects.filter(name__iexact=self.name).first()
        if tag is None:
            slug_taken = Tag.objects.filter(slug=self.slug).exists()
            # Without a slug, taggit makes a free one from the name.
            tag = Tag.objects.create(name=self.name, slug="" if slug_taken else self.slug)
        if self.description:
            TagDescription.objects.update_or_create(
                tag=tag, defaults={"description": self.description}
            )
        return Changes(item=self.item)


@dataclass(frozen=True)
class ExportedEntity:
    """A country, city, person or organisation, with its other names: found again by
    kind and code, or kind and name; one the site lacks is made."""

    kind: ClassVar[None] = None
    slug: str
    name: str
    entity_kind: str
    description: str
    code: str
    country: str | None
    aliases: tuple[str, ...]

    @property
    def item(self) -> str:
        return f"entity {self.name!r}"

    def existing(self):
        return entity_matching(kind=self.entity_kind, code=self.code, name=self.name)

    def store(self, *, images: ImageLibrary) -> Changes:
        entity_store(
            entry={
                "slug": self.slug,
                "name": self.name,
                "kind": self.entity_kind,
                "description": self.description,
                "code": self.code,
                "country": self.country,
                "aliases": self.aliases,
            }
        )
        return Changes(item=self.item)


@dataclass(frozen=True)
class ExportedStory:
    """A story posts are grouped in, found again by its slug (broadsheet.stories)."""

    kind: ClassVar[Kind] = Kind.STORY
    slug: str
    title: str
    summary: str
    description: str
    cover_image: str | None
    cover_image_alt: str
    is_open: bool
    created_at: dt.datetime

    @property
    def item(self) -> str:
        return f"story {self.title!r}"

    def store(self, *, images: ImageLibrary) -> Changes:
        changes = Changes(item=self.item)
        values = {
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "cover_image_id": _image_pk(self.cover_image, changes) if self.cover_image else None,
            "cover_image_alt": self.cover_image_alt,
            "is_open": self.is_open,
            "created_at": self.created_at,
        }
        changes.count(Kind.STORY, story_store(slug=self.slug, values=values))
        return changes


@dataclass(frozen=True)
class ExportedPage:
    """A post or a standalone page, with every version the export holds of it.

    Found again by its translation key, which it keeps from the exporting site; else by
    the id of the archive it was first imported from; else by its address. Stored a
    second time (``relinking``) when its body links to pages that come after it in the
    export, which do not exist when it is first stored.
    """

    kind: Kind
    id: str
    status: Status
    first_published_at: dt.datetime | None
    last_published_at: dt.datetime | None
    source_id: str
    source_url: str
    content: Mapping[str, Any]
    live_content: Mapping[str, Any] | None
    comments: tuple[CommentRecord, ...]
    export: Export = field(repr=False, compare=False)
    relinking: bool = False
    # A page filed under another page of the export, by that page's id.
    parent: str | None = None
    corrections: tuple[Mapping[str, Any], ...] = ()
    entities: tuple[Mapping[str, Any], ...] = ()

    @property
    def item(self) -> str:
        return self.content["title"]

    @property
    def model(self) -> type[PostPage | StandardPage]:
        return _MODELS[self.kind]

    def existing(self) -> PostPage | StandardPage | None:
        slugs = {self.content["slug"], *([self.live_content["slug"]] if self.live_content else [])}
        return page_matching(
            self.model, source_id=self.source_id, slugs=slugs, translation_key=self.id
        )

    def store(self, *, images: ImageLibrary) -> Changes:
        changes = Changes(item=self.item)
        references = _References(self.export, changes)
        current = self._version(self.content, references)
        live = self._version(self.live_content, references) if self.live_content else None
        existing = self.existing()
        if existing is not None and self.kind is Kind.PAGE:
            parent = self._parent()
            if existing.get_parent().pk != parent.pk:
                existing.move(parent, pos="last-child")
                existing = self.model.objects.get(pk=existing.pk)
        if existing is None:
            page = self._create(live or current)
            self._versions_store(page, current, live)
            outcome = Outcome.CREATED
        elif self._unchanged(existing, current, live):
            page, outcome = existing, Outcome.UNCHANGED
        else:
            page = existing.get_latest_revision_as_object()
            self._versions_store(page, current, live)
            outcome = Outcome.UPDATED
        if self.relinking:
            # Counted when first stored; this only puts back its links to later pages.
            if outcome is not Outcome.UNCHANGED:
                changes.note("stored again to link to pages that come after it in the export")
            return changes
        changes.count(self.kind, outcome)
        if self.kind is Kind.POST:
            comments_store(post=page, records=self.comments, changes=changes)
            for _ in range(corrections_store(post=page, entries=self.corrections)):
                changes.count(Kind.CORRECTION, Outcome.CREATED)
            post_mentions_store(post=page, entries=self.entities, entities=self._entities())
        return changes

    def _entities(self) -> dict[str, Any]:
        """This site's entities for the ones the post names, by the export's slugs."""
        found = {}
        for entry in self.entities:
            exported = self.export.entities.get(entry["entity"])
            entity = exported.existing() if exported else None
            if entity is not None:
                found[entry["entity"]] = entity
        return found

    @property
    def _wanted_status(self) -> Status:
        # A scheduled page whose time has come goes live as it is stored.
        go_live_at = self.content["go_live_at"]
        if self.status is Status.SCHEDULED and go_live_at and go_live_at <= timezone.now():
            return Status.PUBLISHED
        return self.status

    def _version(self, content: Mapping[str, Any], references: "_References") -> PageContent:
        values = {
            name: content[name]
            for name in (
                "title",
                "slug",
                "seo_title",
                "search_description",
                "show_in_menus",
                "go_live_at",
                "expire_at",
            )
        }
        values["source_id"] = self.source_id
        values["body"] = references.body(self.model, content["body"])
        if self.kind is Kind.PAGE:
            return PageContent(values, block_ids_matter=True)
        values |= {
            "author_id": references.author_pk(content["author"]),
            "date": content["date"],
            "excerpt": content["excerpt"],
            "category_id": references.category_pk(content["category"]),
            "language": content["language"],
            "sticky": content["sticky"],
            "cover_image_id": _image_pk(content["cover_image"], references.changes)
            if content["cover_image"]
            else None,
            "cover_image_alt": content["cover_image_alt"],
            "cover_image_caption": content["cover_image_caption"],
            "cover_image_credit": content["cover_image_credit"],
            "source_url": self.source_url,
        }
        tags = Taxonomy(author_names={}).tags(content["tags"])
        stories = content.get("stories")
        if stories is not None:
            stories = stories_by_slug(stories, references.changes)
        return PageContent(values, tags=tuple(tags), stories=stories, block_ids_matter=True)

    def _create(self, version: PageContent) -> PostPage | StandardPage:
        page = self.model(live=False, translation_key=self.id)
        version.apply(page)
        self._parent().add_child(instance=page)
        return page

    def _parent(self) -> Page:
        """Posts live under the blog index; pages beside it, under the home page, or
        under the page the export files them under."""
        blog_index = site_structure_ensure()
        if self.kind is Kind.POST:
            return blog_index
        parent = self.export.page(self.parent) if self.parent else None
        return parent or blog_index.get_parent()

    def _unchanged(self, existing: Page, current: PageContent, live: PageContent | None) -> bool:
        if page_status(existing) is not self._wanted_status:
            return False
        dates = (existing.first_published_at, existing.last_published_at)
        if dates != (self.first_published_at, self.last_published_at):
            return False
        if not current.matches(existing.get_latest_revision_as_object()):
            return False
        if live is not None:
            # The row is what readers see; the latest revision, the changes waiting.
            return existing.has_unpublished_changes and live.matches(existing)
        return self._wanted_status is not Status.PUBLISHED or not existing.has_unpublished_changes

    def _versions_store(self, page: Page, current: PageContent, live: PageContent | None) -> None:
        """Save ``page``'s versions as revisions, publishing, scheduling or unpublishing it
        as the export says, then give it back the dates it was published at."""
        status = self._wanted_status
        dates = PublicationDates(first=self.first_published_at, last=self.last_published_at)
        if status is not Status.PUBLISHED and page.live:
            # Unpublishing saves the whole page: it works on a fresh copy.
            type(page).objects.get(pk=page.pk).unpublish()
            page.live = False
        if live is not None:
            # What readers see is published first; the editor's changes wait over it.
            live.apply(page)
            page_publish(page=page, clean=False)
            page = type(page).objects.get(pk=page.pk)
            current.apply(page)
            page.save_revision(clean=False)
            page_dates_set(page, dates)
        elif status is Status.DRAFT:
            current.apply(page)
            page_draft_save(page=page, dates=dates, clean=False)
        else:
            # With its go_live_at to come, publishing schedules the page instead.
            current.apply(page)
            page_publish(page=page, dates=dates, clean=False)


@dataclass(frozen=True)
class ExportedRedirect:
    """A redirect from an old path, to a page of the export or to a link.

    ``for_every_site`` is False for a redirect of the exporting site alone, which becomes
    one of this site's default site.
    """

    kind: ClassVar[Kind] = Kind.REDIRECT
    old_path: str
    for_every_site: bool
    is_permanent: bool
    page: str | None
    page_route_path: str
    link: str
    automatically_created: bool
    export: Export = field(repr=False, compare=False)

    @property
    def item(self) -> str:
        return f"redirect {self.old_path}"

    def store(self, *, images: ImageLibrary) -> Changes:
        changes = Changes(item=self.item)
        page = self.export.page(self.page) if self.page else None
        if self.page and page is None:
            changes.count(Kind.REDIRECT, Outcome.SKIPPED)
            changes.note(f"it leads to page {self.page}, which this site does not have")
            return changes
        site = None if self.for_every_site else Site.objects.filter(is_default_site=True).first()
        path = Redirect.normalise_path(self.old_path)
        values = {
            "is_permanent": self.is_permanent,
            "redirect_page_id": page.pk if page else None,
            "redirect_page_route_path": self.page_route_path,
            "redirect_link": self.link,
            "automatically_created": self.automatically_created,
        }
        redirect = Redirect.objects.filter(old_path=path, site=site).first()
        if redirect is None:
            redirect, outcome = Redirect(old_path=path, site=site), Outcome.CREATED
        elif all(getattr(redirect, name) == value for name, value in values.items()):
            changes.count(Kind.REDIRECT, Outcome.UNCHANGED)
            return changes
        else:
            outcome = Outcome.UPDATED
        for name, value in values.items():
            setattr(redirect, name, value)
        redirect.full_clean()
        redirect.save()
        changes.count(Kind.REDIRECT, outcome)
        return changes


@dataclass(frozen=True)
class ExportedSubscriber:
    """A newsletter subscriber, with the consent it had: one the site has is left alone."""

    kind: ClassVar[Kind] = Kind.SUBSCRIBER
    email: str
    name: str
    status: str
    frequency: str
    categories: tuple[str, ...]
    subscribed_at: dt.datetime
    confirmed_at: dt.datetime | None
    unsubscribed_at: dt.datetime | None

    @property
    def item(self) -> str:
        return f"subscriber {self.email}"

    def store(self, *, images: ImageLibrary) -> Changes:
        changes = Changes(item=self.item)
        created, notes = subscriber_from_export(
            **{**dataclasses.asdict(self), "categories": list(self.categories)}
        )
        changes.count(Kind.SUBSCRIBER, Outcome.CREATED if created else Outcome.UNCHANGED)
        for note in notes:
            changes.note(note)
        return changes


class _References:
    """The export's ids turned into this site's keys for one record, each looked up once."""

    def __init__(self, export: Export, changes: Changes) -> None:
        self.export = export
        self.changes = changes
        self._pages: dict[str, int | None] = {}

    def author_pk(self, slug: str | None) -> int | None:
        name = self.export.author_names.get(slug) if slug else None
        author = Author.objects.filter(name=name).order_by("pk").first() if name else None
        if slug and author is None:
            self.changes.note(f"its author {slug!r} is not among the export's authors")
        return author.pk if author else None

    def category_pk(self, slug: str | None) -> int | None:
        if not slug:
            return None
        name = self.export.category_names.get(slug)
        category = Taxonomy(author_names={}).category(name, self.changes) if name else None
        if category is None:
            self.changes.note(f"its category {slug!r} is not among the export's categories")
        return category.pk if category else None

    def body(self, model: type[Page], raw: list[dict]) -> StreamValue:
        """The body, block for block, pointing at this site's pictures and pages."""
        stream_block = model._meta.get_field("body").stream_block
        unknown = sorted({block["type"] for block in raw} - stream_block.child_blocks.keys())
        if unknown:
            self.changes.note(f"blocks of kinds this site lacks are left out: {', '.join(unknown)}")
        rewritten = stream_rewritten(
            stream_block,
            [block for block in raw if block["type"] in stream_block.child_blocks],
            images=lambda image_id: _image_pk(image_id, self.changes),
            pages=self._page_pk,
        )
        try:
            body = stream_block.to_python(rewritten)
            # Each block is read now, so that one the site cannot read fails this record.
            list(body)
        except (TypeError, ValueError, AttributeError, KeyError) as error:
            raise ValidationError({"body": [f"a block cannot be read ({error!r})"]}) from error
        return body

    def _page_pk(self, page_id: str) -> int | None:
        if page_id not in self._pages:
            page = self.export.page(page_id)
            self._pages[page_id] = page.pk if page else None
            known = page_id in self.export.pages or page_id in (
                self.export.home_id,
                self.export.blog_index_id,
            )
            if page is None and not known:
                self.changes.note(f"a link to page {page_id}, which is not in the export, is cut")
        return self._pages[page_id]


def _image_pk(image_id: Any, changes: Changes) -> int | None:
    """The library's picture with the bytes the export's ``image_id`` (their hash) names."""
    if not isinstance(image_id, str):
        changes.note(f"a picture is named by {image_id!r}, not by an image id; left out")
        return None
    found = (
        get_image_model()
        .objects.filter(file_hash=image_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        changes.note(f"picture {image_id} is not among the export's pictures; left out")
    return found
