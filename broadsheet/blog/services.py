"""Writes that shape the blog: its page tree, and publishing a post or a page."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import CharField, F, Model, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail.signals import page_published

from broadsheet.blog.models import Author, BlogIndexPage, HomePage, PostPage


@transaction.atomic
def site_structure_ensure(*, site_name: str = "Broadsheet") -> BlogIndexPage:
    """Make sure there is a home page serving the default site and a blog index under it.

    Replaces Wagtail's placeholder "Welcome" page on a new install; leaves an
    existing structure alone.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
        if placeholder is not None:
            placeholder.slug = "home-placeholder"
            placeholder.save()
        home = root.add_child(instance=HomePage(title=site_name, slug="home"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=site_name,
            )
        else:
            site.root_page = home
            site.site_name = site.site_name or site_name
            site.save()
        if placeholder is not None:
            placeholder.delete()
    index = BlogIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=BlogIndexPage(title="All posts", slug="blog"))
    return index


@dataclass(frozen=True)
class PublicationDates:
    """When a page was first and last published, as its own history says (None: never)."""

    first: dt.datetime | None
    last: dt.datetime | None


@transaction.atomic
def page_publish(
    *,
    page: Page,
    dates: PublicationDates | None = None,
    user=None,
    log_action: bool = False,
    clean: bool = True,
) -> Revision:
    """Publish ``page`` as it stands, or schedule it when its go-live date is still to
    come; then give it ``dates``, when given, instead of today's.

    Wagtail dates a page by the moment it is published. A post that came out years ago
    elsewhere keeps the dates it had, and publishing and dating are one transaction, so an
    interruption never leaves it dated as of today. ``clean=False`` skips validating the
    revision: publishing validates the page again as it saves it.
    """
    revision = page.save_revision(user=user, log_action=log_action, clean=clean)
    # Wagtail logs every publish; ``log_action`` is about logging the revision too.
    revision.publish(user=user)
    page_dates_set(page, dates)
    return revision


@transaction.atomic
def page_add_published(
    *, parent: Page, page: Page, dates: PublicationDates | None = None, user=None
) -> Revision:
    """Add the new ``page`` under ``parent``, published at once, dated ``dates`` if given.

    What ``page_publish`` leaves once a new page is added, in three writes rather than
    eight: the page is saved live (validated as it is saved), its first revision made
    from it, and both pointed at each other; then what Wagtail's publishing does beside
    (its log entry, ``page_published`` for the app's receivers). Rebuilding the page from
    its revision and saving it twice, as publishing an older revision needs, took two
    thirds of an import's time (bench/import_bench.py).
    """
    if page.go_live_at and page.go_live_at > timezone.now():
        raise ValueError(f"{page} goes live later, on {page.go_live_at}: use page_publish")
    now = timezone.now()
    page.live, page.has_unpublished_changes, page.expired = True, False, False
    page.first_published_at = dates.first if dates else now
    page.last_published_at = dates.last if dates else now
    page.draft_title = page.title
    # Its parent's language, known here; Wagtail would look it up with a query.
    page.locale_id = page.locale_id or parent.locale_id
    parent.add_child(instance=page)
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=user,
        content=page.serializable_data(),
        object_str=str(page),
    )
    page.latest_revision = page.live_revision = revision
    page.latest_revision_created_at = revision.created_at
    type(page).objects.filter(pk=page.pk).update(
        latest_revision=revision,
        live_revision=revision,
        latest_revision_created_at=revision.created_at,
    )
    log(instance=page, action="wagtail.publish", user=user, revision=revision)
    page_published.send(sender=page.specific_class, instance=page, revision=revision)
    return revision


@transaction.atomic
def pages_add_published(
    *, parent: Page, pages: Sequence[tuple[PostPage, PublicationDates]]
) -> list[Revision]:
    """Add the new posts ``pages`` under ``parent``, each published at once and dated as
    given: what ``page_add_published`` leaves for one, for many in a fixed number of
    writes (their rows, their child rows such as tags, their first revisions, Wagtail's
    "created" and "published" log entries, the parent's count of children).

    For bulk jobs (an import): it neither validates the pages, which the caller has done,
    nor sends ``post_save`` or ``page_published``, so whatever their receivers do for a
    new post the caller does in bulk (broadsheet.importers.tasks). Saving a page one at
    a time costs about twenty queries; this costs about a dozen for all of them.
    """
    if not pages:
        return []
    model = type(pages[0][0])
    if any(type(page) is not model for page, _ in pages):
        raise ValueError("pages_add_published adds pages of one type at a time")
    now = timezone.now()
    # Locked as Wagtail's add_child locks it: the next child's place in the tree is ours.
    given_parent, parent = parent, Page.objects.select_for_update().get(pk=parent.pk)
    last_child = parent.get_last_child()
    step = last_child._get_lastpos_in_path() if last_child is not None else 0
    content_type = ContentType.objects.get_for_model(model)
    for number, (page, dates) in enumerate(pages, start=step + 1):
        if page.go_live_at and page.go_live_at > now:
            raise ValueError(f"{page} goes live later, on {page.go_live_at}: use page_publish")
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, number)
        page.set_url_path(parent)
        page.content_type = content_type
        page.locale_id = page.locale_id or parent.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.first_published_at, page.last_published_at = dates.first, dates.last
        page.text_summaries_set()
        _children_held(page)
    posts = [page for page, _ in pages]
    # The base rows (which number the pages), then the rows of the page type, which
    # share their keys: bulk_create refuses a model with a parent table, so the second
    # insert is written as Django's own bulk_create writes it.
    Page.objects.bulk_create(posts)
    for page in posts:
        setattr(page, model._meta.pk.attname, page.id)
        page._state.adding, page._state.db = False, parent._state.db
    _rows_insert(model, posts, model._meta.local_concrete_fields)
    for relation in get_all_child_relations(model):
        name, key = relation.get_accessor_name(), relation.field.attname
        children = [child for page in posts for child in getattr(page, name).all()]
        for child in children:
            setattr(child, key, getattr(child, relation.field.name).pk)
        relation.related_model.objects.bulk_create(children)
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in posts
    )
    for page, revision in zip(posts, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = revision.created_at
    # Each page's only revision, found by the index Wagtail keeps on revisions' objects:
    # one short statement, where bulk_update would spell out a case for every page.
    revision = Subquery(
        Revision.objects.filter(
            base_content_type=posts[0].get_base_content_type(),
            object_id=Cast(OuterRef("pk"), CharField()),
        ).values("pk")[:1]
    )
    Page.objects.filter(pk__in=[page.pk for page in posts]).update(
        latest_revision=revision, live_revision=revision, latest_revision_created_at=now
    )
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=now,
            data={},
            page_id=page.pk,
            revision=revision if action == "wagtail.publish" else None,
            content_changed=action == "wagtail.create",
        )
        for page, revision in zip(posts, revisions, strict=True)
        for action in ("wagtail.create", "wagtail.publish")
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(posts))
    # As add_child does: treebeard takes a parent without children at its word.
    given_parent.numchild = parent.numchild + len(posts)
    return revisions


def _children_held(page: Page) -> None:
    """Hold each child relation of the new ``page`` (its tags…) in memory, empty or not, so
    that reading them once it has a key (its revision's content) asks the database nothing."""
    if page.pk is not None:
        raise ValueError(f"{page} is saved already")
    for relation in get_all_child_relations(page):
        manager = getattr(page, relation.get_accessor_name())
        manager.set(list(manager.all()))
    for field in get_all_child_m2m_relations(page):
        manager = getattr(page, field.name)
        if list(manager.all()):
            # Not written by pages_add_published; an import sets none.
            raise ValueError(f"{page}: pages_add_published cannot write {field.name}")
        manager.set([])


def _rows_insert(model: type[Model], objects: Sequence[Model], fields) -> None:
    """Insert the rows of ``model``'s own table for ``objects``, whose keys are set."""
    connection = connections[router.db_for_write(model)]
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        # QuerySet._insert: what bulk_create and Model.save() insert rows with.
        model._base_manager._insert(  # type: ignore[attr-defined]
            objects[start : start + size], fields=fields
        )


@transaction.atomic
def page_draft_save(
    *, page: Page, dates: PublicationDates | None = None, clean: bool = True
) -> Revision:
    """Save ``page`` as a draft, taking it down if it is live; then give it ``dates``."""
    revision = page.save_revision(clean=clean)
    if page.live:
        # Unpublishing saves the whole page: it works on a fresh copy, which knows the
        # revision just saved.
        type(page).objects.get(pk=page.pk).unpublish()
        page.live = False
    page_dates_set(page, dates)
    return revision


def post_publish(*, post: PostPage, user=None) -> PostPage:
    """Publish the post's current state, keeping its own publication date as first published."""
    page_publish(page=post, user=user, log_action=True)
    post.refresh_from_db()
    if post.first_published_at != post.date:
        page_dates_set(post, PublicationDates(first=post.date, last=post.last_published_at))
    return post


def page_dates_set(page: Page, dates: PublicationDates | None) -> None:
    """Give ``page`` the dates it was first and last published at, as its history says."""
    if dates is None:
        return
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=dates.first, last_published_at=dates.last
    )
    page.first_published_at, page.last_published_at = dates.first, dates.last


def author_for_user(*, user) -> Author:
    """The author profile of an editor's account, made from their name on first use."""
    try:
        return user.author_profile
    except Author.DoesNotExist:
        pass
    name = user.get_full_name().strip() or user.get_username()
    return Author.objects.create(user=user, name=name, slug=author_free_slug(name=name))


def author_free_slug(*, name: str) -> str:
    """A slug for a new author called ``name`` that no author has: numbered if taken."""
    base = slugify(name, allow_unicode=True)[:100] or "author"
    slug, n = base, 1
    while Author.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
