"""Moderators approve, reject or mark comments as spam in Wagtail's admin."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/comments/moderation/"
SCRIPT = "<script>alert(1)</script>"
FEB_9_2021 = timezone.make_aware(dt.datetime(2021, 2, 9, 12, 0))


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


@pytest.fixture
def editor_client(client, django_user_model):
    """Signed in to the admin, without the right to change comments."""
    editor = django_user_model.objects.create_user("editor", password="password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    return client


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_queue_lists_pending_comments_oldest_first(admin_client, post):
    pending = Comment.Status.PENDING
    later = factories.comment(post, status=pending, created_at=FEB_9_2021 + dt.timedelta(hours=1))
    factories.comment(post, created_at=FEB_9_2021)
    earlier = factories.comment(post, status=pending, created_at=FEB_9_2021)

    items = _soup(admin_client.get(QUEUE_URL)).select(".moderation-item")

    assert [i["id"] for i in items] == [f"moderate-{earlier.pk}", f"moderate-{later.pk}"]


@pytest.mark.parametrize("action", ["approve", "reject", "spam"])
def test_moderator_sets_the_status_the_button_says(admin_client, post, action):
    comment = factories.comment(post, status=Comment.Status.PENDING)

    response = admin_client.post(f"/admin/comments/moderation/{comment.pk}/", {"action": action})

    assert response.status_code == 302
    comment.refresh_from_db()
    expected = {"approve": "approved", "reject": "rejected", "spam": "spam"}[action]
    assert comment.status == expected


def test_approved_comment_appears_on_the_post(admin_client, client, post):
    comment = factories.comment(post, body="Worth reading.", status=Comment.Status.PENDING)

    admin_client.post(f"/admin/comments/moderation/{comment.pk}/", {"action": "approve"})

    assert "Worth reading." in client.get(post.url).content.decode()


def test_moderator_is_told_what_was_done(admin_client, post):
    comment = factories.comment(post, author_name="Reader One", status=Comment.Status.PENDING)

    response = admin_client.post(
        f"/admin/comments/moderation/{comment.pk}/", {"action": "spam"}, follow=True
    )

    assert "Comment by Reader One marked spam." in _soup(response).select_one(".messages").text


def test_unknown_action_changes_nothing(admin_client, post):
    comment = factories.comment(post, status=Comment.Status.PENDING)

    admin_client.post(f"/admin/comments/moderation/{comment.pk}/", {"action": "delete"})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_user_without_the_right_to_change_comments_cannot_moderate(editor_client, post):
    comment = factories.comment(post, status=Comment.Status.PENDING)

    queue = editor_client.get(QUEUE_URL)
    action = editor_client.post(f"/admin/comments/moderation/{comment.pk}/", {"action": "approve"})

    # Wagtail answers a refusal by sending the user back to the dashboard.
    assert (queue["Location"], action["Location"]) == ("/admin/", "/admin/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_menu_shows_how_many_comments_wait(admin_client, post):
    for _ in range(2):
        factories.comment(post, status=Comment.Status.PENDING)

    menu_labels = admin_client.get("/admin/").content.decode()

    assert "Comments to moderate (2)" in menu_labels


def test_menu_hides_the_queue_from_users_who_cannot_moderate(editor_client, post):
    factories.comment(post, status=Comment.Status.PENDING)

    assert "Comments to moderate" not in editor_client.get("/admin/").content.decode()


def test_dashboard_shows_how_many_comments_wait(admin_client, post):
    for _ in range(3):
        factories.comment(post, status=Comment.Status.PENDING)

    panel = _soup(admin_client.get("/admin/")).find(id="pending-comments-heading").parent

    link = panel.find("a")
    assert (link.get_text(), link["href"]) == ("3 comments awaiting moderation", QUEUE_URL)


def test_queue_shows_what_a_commenter_typed_as_text(admin_client, post):
    factories.comment(post, author_name=SCRIPT, body=SCRIPT, status=Comment.Status.PENDING)

    html = admin_client.get(QUEUE_URL).content.decode()

    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_confirmation_message_shows_the_commenters_name_as_text(admin_client, post):
    comment = factories.comment(post, author_name=SCRIPT, status=Comment.Status.PENDING)

    response = admin_client.post(
        f"/admin/comments/moderation/{comment.pk}/", {"action": "approve"}, follow=True
    )

    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize("view", ["list", "edit"])
def test_snippet_views_show_what_a_commenter_typed_as_text(admin_client, post, view):
    comment = factories.comment(post, author_name=SCRIPT, body=SCRIPT)
    url = {
        "list": "/admin/snippets/comments/comment/",
        "edit": f"/admin/snippets/comments/comment/edit/{comment.pk}/",
    }[view]

    html = admin_client.get(url).content.decode()

    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_snippet_listing_costs_the_same_for_two_or_twenty_comments(admin_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/snippets/comments/comment/").status_code == 200
        return len(captured)

    for _ in range(2):
        factories.comment(factories.post())
    two = queries()
    for _ in range(18):
        factories.comment(factories.post())

    assert queries() == two


def test_moderator_can_add_a_comment_to_a_post(admin_client, post):
    response = admin_client.post(
        "/admin/snippets/comments/comment/add/",
        {"post": post.pk, "author_name": "The editors", "body": "Corrected.", "status": "approved"},
    )

    assert response.status_code == 302
    assert Comment.objects.get(author_name="The editors").post_id == post.pk


def test_queue_is_never_cached(admin_client):
    response = admin_client.get(QUEUE_URL)

    assert {"no-cache", "no-store", "private"} <= set(response["Cache-Control"].split(", "))
