"""A reader posts a comment on a post: moderation, the form, its limits and its defences."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Site

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment, CommentSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


def _post_comment(client, post, *, follow=False, **data):
    fields = {"author_name": "Reader One", "body": "The second round looks promising."}
    return client.post(f"/post/{post.slug}/comments/", {**fields, **data}, follow=follow)


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_new_comment_waits_for_moderation(client, post):
    _post_comment(client, post)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "The second round" not in client.get(post.url).content.decode()


def test_reader_who_posted_is_told_the_comment_awaits_approval(client, post):
    response = _post_comment(client, post, body="My thoughts.", follow=True)

    notice = _soup(response).find(role="status")
    assert "awaiting approval" in notice.get_text()


def test_comment_is_published_at_once_when_the_site_says_so(client, post):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publish_immediately = True
    settings.save()

    response = _post_comment(client, post, follow=True)

    assert Comment.objects.get().status == Comment.Status.APPROVED
    body = _soup(response).select_one(".comment-list .comment-body").get_text()
    assert body == "The second round looks promising."


def test_form_tells_readers_comments_are_moderated(client, post):
    note = _soup(client.get(post.url)).select_one(".form-note").get_text()

    assert "read by a moderator before they appear" in note


def test_form_tells_readers_comments_appear_at_once_when_the_site_says_so(client, post):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.publish_immediately = True
    settings.save()

    note = _soup(client.get(post.url)).select_one(".form-note").get_text()

    assert "appear as soon as they are posted" in note


def test_form_asks_for_name_optional_email_and_comment(client, post):
    form = _soup(client.get(post.url)).select_one("#comment-form")

    labels = [label.get_text() for label in form.find_all("label")]
    assert labels[:3] == ["Name", "Email (optional, never shown)", "Comment"]


def test_email_is_never_shown(client, post):
    _post_comment(client, post, author_email="reader@example.org")
    Comment.objects.update(status=Comment.Status.APPROVED)

    assert "reader@example.org" not in client.get(post.url).content.decode()


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://elsewhere.example"}],
    ids=["sec-fetch-site", "origin"],
)
def test_comment_sent_from_another_site_is_refused(post, headers):
    client = Client(enforce_csrf_checks=True, headers=headers)

    response = _post_comment(client, post)

    assert response.status_code == 403
    assert "sent from another website" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_from_the_post_page_is_accepted_without_a_token(post):
    # What a browser sends with a form on the page itself, however old the cached page.
    client = Client(
        enforce_csrf_checks=True,
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    )

    response = _post_comment(client, post)

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_comment_form_is_the_same_for_every_reader(post):
    # No per-reader token: a page that caches share must carry no one's secret.
    forms = {str(_soup(Client().get(post.url)).select_one("#comment-form")) for _ in range(2)}

    assert len(forms) == 1
    assert "csrfmiddlewaretoken" not in forms.pop()


def test_filled_honeypot_is_answered_like_success_and_keeps_nothing(client, post):
    response = _post_comment(client, post, website="https://spam.example")

    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_invalid_form_comes_back_with_the_readers_text(client, post):
    response = _post_comment(client, post, author_name="", body="My careful thoughts.")

    assert response.status_code == 400
    assert _soup(response).find("textarea").get_text().strip() == "My careful thoughts."
    assert not Comment.objects.exists()


def test_error_stands_next_to_its_field_and_is_tied_to_it(client, post):
    response = _post_comment(client, post, author_name="")

    field = _soup(response).find("input", attrs={"name": "author_name"})
    error = field.find_previous_sibling(class_="field-error")
    assert error.get_text() == "Please give a name to show with your comment."
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == error["id"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"author_name": "n" * 81}, "Please shorten your name to 80 characters."),
        ({"body": "b" * 5001}, "Please shorten your comment to 5,000 characters."),
        ({"author_name": "   "}, "Please give a name to show with your comment."),
        ({"body": " \n "}, "Please write a comment."),
        ({"author_email": "not-an-address"}, "Please enter a valid email address"),
    ],
)
def test_invalid_input_is_refused_with_what_to_change(client, post, data, message):
    response = _post_comment(client, post, **data)

    assert response.status_code == 400
    errors = " ".join(p.get_text() for p in _soup(response).select(".field-error"))
    assert message in errors
    assert not Comment.objects.exists()


def test_name_and_comment_at_their_limits_are_accepted(client, post):
    _post_comment(client, post, author_name="n" * 80, body="b" * 5000)

    comment = Comment.objects.get()
    assert (len(comment.author_name), len(comment.body)) == (80, 5000)


def test_comment_on_a_draft_is_not_found(client):
    draft = factories.post("Not yet", publish=False)

    assert _post_comment(client, draft).status_code == 404
    assert not Comment.objects.exists()


def test_comment_post_is_never_cached(client, post):
    response = _post_comment(client, post)

    assert {"no-cache", "no-store", "private"} <= set(response["Cache-Control"].split(", "))


def test_comment_form_only_accepts_post(client, post):
    assert client.get(f"/post/{post.slug}/comments/").status_code == 405
