"""What the writer's admin reads about posts: their state, and the drafts left behind."""

import datetime as dt

from django.conf import settings
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Revision

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import Comment

# A draft nobody has touched for this long is offered for clearing out. Autosave makes a
# draft of every post begun with a title, so a writer's false starts pile up.
STALE_DRAFT_DAYS = getattr(settings, "BROADSHEET_STALE_DRAFT_DAYS", 14)


def _scheduled() -> Exists:
    """A revision of the page is approved to go live later (Wagtail's scheduling)."""
    return Exists(
        Revision.page_revisions.filter(
            approved_go_live_at__isnull=False,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


def posts_published(posts: QuerySet) -> QuerySet:
    return posts.filter(live=True)


def posts_scheduled(posts: QuerySet) -> QuerySet:
    return posts.filter(_scheduled())


def posts_changed_since_published(posts: QuerySet) -> QuerySet:
    return posts.filter(live=True, has_unpublished_changes=True)


def posts_drafts(posts: QuerySet) -> QuerySet:
    """Never published and not waiting to be: what a writer has begun."""
    return posts.filter(live=False, first_published_at__isnull=True).exclude(_scheduled())


def posts_stale_drafts(posts: QuerySet, *, now: dt.datetime) -> QuerySet:
    """Drafts not edited for STALE_DRAFT_DAYS: abandoned, most likely."""
    cutoff = now - dt.timedelta(days=STALE_DRAFT_DAYS)
    return posts_drafts(posts).filter(
        Q(latest_revision_created_at__lt=cutoff) | Q(latest_revision_created_at__isnull=True)
    )


def stale_drafts(*, now: dt.datetime) -> QuerySet:
    """The stale drafts, oldest edit first, for the dashboard."""
    return posts_stale_drafts(PostPage.objects.all(), now=now).order_by(
        "latest_revision_created_at", "pk"
    )


def with_listing_columns(posts: QuerySet) -> QuerySet:
    """Each post with what the posts list shows beside its title, in the same query."""
    return posts.annotate(
        author_name=F("author__name"),
        category_name=F("category__name"),
        approved_comments=Count(
            "comments", filter=Q(comments__status=Comment.Status.APPROVED), distinct=True
        ),
        pending_comments=Count(
            "comments", filter=Q(comments__status=Comment.Status.PENDING), distinct=True
        ),
    )
