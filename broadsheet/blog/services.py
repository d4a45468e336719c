"""Writes that shape the blog: its page tree, and publishing a post or a page."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Site
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
