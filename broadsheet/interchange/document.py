"""The export document's name and version, and a page's status as the document states it."""

from enum import StrEnum

from wagtail.models import Page

FORMAT = "broadsheet"
VERSION = 1
DOCUMENT_NAME = "broadsheet.json"
IMAGES_FOLDER = "images"


class Status(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    # Approved to go live at its go_live_at, and not live before then.
    SCHEDULED = "scheduled"


def page_status(page: Page, *, scheduled: bool | None = None) -> Status:
    """Whether ``page`` is live, waiting for its go-live date, or a draft.

    ``scheduled`` says whether the page has a revision approved to go live, when the
    caller has read that in bulk; else it is looked up.
    """
    if page.live:
        return Status.PUBLISHED
    if scheduled is None:
        scheduled = page.scheduled_revision is not None
    return Status.SCHEDULED if scheduled else Status.DRAFT
