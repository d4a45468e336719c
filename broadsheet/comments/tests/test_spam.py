"""Optional spam scoring, and where a comment's address is kept (hashed)."""

import pytest
from wagtail.models import Site

from broadsheet.blog.tests import factories
from broadsheet.comments.addresses import address_hash
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.spam import spam_score

pytestmark = pytest.mark.django_db

LINKS = "See https://a.example and https://b.example and https://c.example now."


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


@pytest.fixture
def scoring():
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.spam_scoring = True
    settings.save()
    return settings


def _post_comment(client, post, body, *, email="", ip="203.0.113.7"):
    fields = {"author_name": "Reader", "body": body, "author_email": email}
    return client.post(f"/post/{post.slug}/comments/", fields, REMOTE_ADDR=ip)


def test_scoring_is_off_by_default(client, post):
    _post_comment(client, post, "Best casino bonus: " + LINKS)

    comment = Comment.objects.get()
    assert (comment.status, comment.spam_score) == (Comment.Status.PENDING, None)


def test_links_and_spam_words_send_a_comment_to_spam(client, post, scoring):
    response = _post_comment(client, post, "Best casino bonus: " + LINKS)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.spam_reasons == "3 links, spam words: casino, first comment"
    # The sender is told what every commenter is told.
    assert response["Location"].endswith("?comment=pending#comments")


def test_an_ordinary_first_comment_waits_for_a_moderator_as_usual(client, post, scoring):
    _post_comment(client, post, "The second round looks promising, see https://un.example.")

    comment = Comment.objects.get()
    assert (comment.status, comment.spam_score) == (Comment.Status.PENDING, 1)


def test_a_known_commenter_is_not_scored_as_new(client, post, scoring):
    factories.comment(post, author_email="regular@example.org")

    _post_comment(
        client, post, "Two links: https://a.example https://b.example", email="regular@example.org"
    )

    comment = Comment.objects.latest("pk")
    assert (comment.spam_score, comment.spam_reasons) == (1, "2 links")
    assert comment.status == Comment.Status.PENDING


def test_the_site_chooses_its_spam_words_and_threshold(client, post, scoring):
    scoring.spam_words = "miracle cure"
    scoring.spam_threshold = 2
    scoring.save()

    _post_comment(client, post, "A MIRACLE CURE for everything.")
    _post_comment(client, post, "Casino nights are fun.", ip="198.51.100.1")

    statuses = list(Comment.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [Comment.Status.SPAM, Comment.Status.PENDING]


def test_a_spam_word_inside_another_word_does_not_count():
    score = spam_score(
        body="Casinos aside, occasional", author_name="", words=["casino"], first_time=False
    )

    assert score.score == 0


def test_a_comment_keeps_a_hash_of_its_address_never_the_address(client, post):
    _post_comment(client, post, "Hello.", ip="203.0.113.7")

    comment = Comment.objects.get()
    assert comment.author_address_hash == address_hash("203.0.113.7")
    assert "203.0.113.7" not in str(Comment.objects.values().get())
