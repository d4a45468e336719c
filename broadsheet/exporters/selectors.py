"""What an export reads: every post and page as an editor and as a reader see it, in bulk.

Posts are read in chunks with what each needs fetched alongside (its latest revision,
tags and comments), so the number of queries grows with the number of chunks, not of
posts. What posts share (authors, categories, tags, pictures) is read once, by the
export, and looked up by key.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from wagtail.models import Page, Revision

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import Comment
from broadsheet.interchange.document import Status, page_status
from broadsheet.pages.models import StandardPage

CHUNK_SIZE = 200


@dataclass(frozen=True)
class PageVersions:
    """A page's row, and its content as of its latest revision.

    For a live page the row is what readers see; the latest revision may hold an
    editor's changes, not yet published.
    """

    row: Page
    current: Page
    status: Status

    @property
    def live(self) -> Page | None:
        """What readers see, when it is not the current content; else None."""
        if self.status is Status.PUBLISHED and self.row.has_unpublished_changes:
            return self.row
        return None

    @property
    def public(self) -> Page:
        """What readers see, or would see once it is published."""
        return self.live or self.current


def parent_page_id(page: Page) -> int | None:
    """The pk of the standard page ``page`` is filed under; None for one under home."""
    if page.depth <= 3 or isinstance(page, PostPage):
        return None
    parent_path = page.path[: -Page.steplen]
    return StandardPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()


def post_versions() -> Iterator[PageVersions]:
    """Every post, in the page tree's order, with its tags, stories and comments fetched."""
    posts = PostPage.objects.prefetch_related(
        "tagged_items",
        "story_memberships",
        Prefetch("comments", queryset=Comment.objects.order_by("created_at", "pk")),
    )
    return _versions(posts)


def page_versions() -> Iterator[PageVersions]:
    """Every standalone page, in the page tree's order."""
    return _versions(StandardPage.objects.all())


def _versions(pages) -> Iterator[PageVersions]:
    scheduled = _scheduled_page_ids(pages.model)
    for row in pages.select_related("latest_revision").order_by("path").iterator(CHUNK_SIZE):
        status = page_status(row, scheduled=str(row.pk) in scheduled)
        yield PageVersions(row=row, current=_current(row), status=status)


def _current(row: Page) -> Page:
    """The content of the latest revision, as Page.get_latest_revision_as_object decides.

    Read only, so built without what with_content_json adds for a page about to be saved
    (its place in the tree, its admin comments, a check that each foreign key still
    exists): each is a query, for every post.
    """
    if not row.has_unpublished_changes or row.latest_revision is None:
        return row
    return row.specific_class.from_serializable_data(row.latest_revision.content, check_fks=False)


def _scheduled_page_ids(model: type[Page]) -> set[str]:
    """The ids (as revisions store them, text) of pages with a revision waiting to go live."""
    return set(
        Revision.page_revisions.filter(
            approved_go_live_at__isnull=False, content_type=ContentType.objects.get_for_model(model)
        ).values_list("object_id", flat=True)
    )
