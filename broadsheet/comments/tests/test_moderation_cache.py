"""Moderating in bulk from the queue changes the post page readers are handed from the cache.

The queue's bulk actions change many comments in one UPDATE, which sends no signal; the
post's kept page must still go, or readers would see the flood approved an hour later.
"""

import pytest

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

SELECTED_URL = "/admin/comments/moderation/selected/"


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


def _kept_page(post) -> str:
    front = FrontClient()
    front.get(post.url)
    kept = front.get(post.url)
    assert kept.hit
    return kept.text


def _moderate(admin_client, committed, action, comments):
    with committed(execute=True):
        response = admin_client.post(
            SELECTED_URL, {"action": action, "comment": [c.pk for c in comments]}
        )
    assert response.status_code == 302


def test_bulk_approved_comments_appear_on_the_kept_post_page(
    admin_client, post, django_capture_on_commit_callbacks
):
    waiting = [
        factories.comment(post, body=f"Waiting comment {n}.", status=Comment.Status.PENDING)
        for n in range(3)
    ]
    assert "Waiting comment 0." not in _kept_page(post)

    _moderate(admin_client, django_capture_on_commit_callbacks, "approve", waiting)

    page = FrontClient().get(post.url)
    assert not page.hit
    assert all(f"Waiting comment {n}." in page.text for n in range(3))


@pytest.mark.parametrize("action", ["reject", "spam"])
def test_bulk_rejected_comments_leave_the_kept_post_page(
    admin_client, post, django_capture_on_commit_callbacks, action
):
    shown = [factories.comment(post, body=f"Shown comment {n}.") for n in range(2)]
    assert "Shown comment 1." in _kept_page(post)

    _moderate(admin_client, django_capture_on_commit_callbacks, action, shown)

    page = FrontClient().get(post.url)
    assert "Shown comment 0." not in page.text
    assert "Shown comment 1." not in page.text


def test_bulk_action_on_waiting_comments_keeps_the_post_page(
    admin_client, post, django_capture_on_commit_callbacks
):
    # Rejecting what was never shown changes no page: it stays kept.
    waiting = [factories.comment(post, status=Comment.Status.PENDING)]
    _kept_page(post)

    _moderate(admin_client, django_capture_on_commit_callbacks, "reject", waiting)

    assert FrontClient().get(post.url).hit
