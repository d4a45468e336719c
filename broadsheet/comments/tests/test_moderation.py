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
FEB_9_2021 = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())


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


def _pending(post, count, *, address="", **fields):
    return [
        factories.comment(
            post, status=Comment.Status.PENDING, author_address_hash=address, **fields
        )
        for _ in range(count)
    ]


def test_queue_shows_fifty_a_page_with_a_link_to_the_next(admin_client, post):
    _pending(post, 51)

    first = _soup(admin_client.get(QUEUE_URL))
    second = _soup(admin_client.get(QUEUE_URL + "?page=2"))

    assert len(first.select(".moderation-item")) == 50
    assert first.select_one("a[rel=next]")["href"] == "?page=2"
    assert len(second.select(".moderation-item")) == 1
    assert "51 comments, oldest first; page 2 of 2." in second.select_one(".moderation-count").text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=spam", ["Spammer"]),
        ("?status=all", ["Waiting", "Spammer"]),
        ("?q=geneva", ["Waiting"]),
    ],
)
def test_queue_filters_by_status_and_text(admin_client, post, query, expected):
    factories.comment(post, author_name="Waiting", body="On Geneva.", status=Comment.Status.PENDING)
    factories.comment(post, author_name="Spammer", body="Buy now.", status=Comment.Status.SPAM)

    items = _soup(admin_client.get(QUEUE_URL + query)).select(".moderation-item h2")

    assert [i.get_text().split(" on ")[0].strip() for i in items] == expected


def test_queue_filters_by_post(admin_client, post):
    other = factories.post("Elections called in Lisbon")
    _pending(post, 2)
    mine = _pending(other, 1)

    items = _soup(admin_client.get(f"{QUEUE_URL}?post={other.pk}")).select(".moderation-item")

    assert [i["id"] for i in items] == [f"moderate-{mine[0].pk}"]


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("spam", "spam")])
def test_bulk_action_changes_the_ticked_comments_only(admin_client, post, action, status):
    ticked = _pending(post, 3)
    untouched = _pending(post, 1)[0]

    response = admin_client.post(
        "/admin/comments/moderation/selected/",
        {"action": action, "comment": [c.pk for c in ticked], "next": QUEUE_URL + "?page=1"},
        follow=True,
    )

    assert set(
        Comment.objects.filter(pk__in=[c.pk for c in ticked]).values_list("status", flat=True)
    ) == {status}
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING
    assert f"3 comments marked {Comment.Status(status).label.lower()}." in response.content.decode()
    assert response.redirect_chain[-1][0] == QUEUE_URL + "?page=1"


def test_bulk_action_refuses_to_send_the_moderator_to_another_site(admin_client, post):
    comment = _pending(post, 1)[0]

    response = admin_client.post(
        "/admin/comments/moderation/selected/",
        {"action": "reject", "comment": [comment.pk], "next": "https://evil.example/"},
    )

    assert response["Location"] == QUEUE_URL


def test_delete_all_pending_from_one_address(admin_client, post):
    flood = _pending(post, 30, address="a" * 64)
    approved = factories.comment(post, author_address_hash="a" * 64)
    elsewhere = _pending(post, 1, address="b" * 64)[0]

    page = _soup(admin_client.get(f"{QUEUE_URL}?status=all&address={'a' * 64}"))
    button = page.select_one(".address-flood button").get_text()
    response = admin_client.post(
        "/admin/comments/moderation/delete-pending-from-address/",
        {"address": "a" * 64},
        follow=True,
    )

    assert button == "Delete all 30 pending comments from this address"
    assert not Comment.objects.filter(pk__in=[c.pk for c in flood]).exists()
    assert Comment.objects.filter(pk__in=[approved.pk, elsewhere.pk]).count() == 2
    assert "30 pending comments from that address deleted." in response.content.decode()


def test_queue_shows_how_many_wait_from_each_address(admin_client, post):
    _pending(post, 3, address="c" * 64)

    link = _soup(admin_client.get(QUEUE_URL)).select_one(".from-address")

    assert link.get_text() == "address #cccccccc (3 pending)"


def test_bulk_and_address_actions_need_the_right_to_moderate(editor_client, post):
    comment = _pending(post, 1, address="d" * 64)[0]

    editor_client.post(
        "/admin/comments/moderation/selected/", {"action": "approve", "comment": [comment.pk]}
    )
    editor_client.post(
        "/admin/comments/moderation/delete-pending-from-address/", {"address": "d" * 64}
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
