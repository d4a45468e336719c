"""The comments under a post: what readers see, and threads nested to a readable depth."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from broadsheet.blog.tests import factories
from broadsheet.comments.forms import PARENT_GONE
from broadsheet.comments.models import Comment

pytestmark = pytest.mark.django_db

FEB_9_2021 = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


def _comments_section(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("#comments")


def _top_level_authors(section):
    return [c.get_text() for c in section.select(".comment-list > li > .comment .comment-author")]


def test_only_approved_comments_are_shown(client, post):
    factories.comment(post, author_name="Approved")
    for status in ["pending", "rejected", "spam"]:
        factories.comment(post, author_name=status.title(), status=status)

    assert _top_level_authors(_comments_section(client, post.url)) == ["Approved"]


def test_comments_are_shown_oldest_first(client, post):
    factories.comment(post, author_name="Second", created_at=FEB_9_2021 + dt.timedelta(hours=2))
    factories.comment(post, author_name="First", created_at=FEB_9_2021)

    assert _top_level_authors(_comments_section(client, post.url)) == ["First", "Second"]


def test_comment_shows_its_author_and_date(client, post):
    factories.comment(post, author_name="Reader One", created_at=FEB_9_2021)

    header = _comments_section(client, post.url).select_one(".comment header")

    assert header.select_one(".comment-author").get_text() == "Reader One"
    assert header.time.get_text() == "Feb 9, 2021"
    assert header.time["datetime"].startswith("2021-02-09T12:00:00")


def test_count_includes_approved_replies_only(client, post):
    first = factories.comment(post)
    factories.comment(post, parent=first)
    factories.comment(post, parent=first, status=Comment.Status.PENDING)
    factories.comment(post)

    heading = _comments_section(client, post.url).h2.get_text(" ", strip=True)

    assert heading == "Comments (3)"


def test_post_without_comments_says_so(client, post):
    assert "No comments yet." in _comments_section(client, post.url).get_text()


def test_reply_is_shown_under_its_comment(client, post):
    first = factories.comment(post, author_name="First", created_at=FEB_9_2021)
    factories.comment(post, author_name="Second", created_at=FEB_9_2021 + dt.timedelta(hours=1))
    factories.comment(post, author_name="Replier", parent=first)

    section = _comments_section(client, post.url)

    replies = section.select(f"#comment-{first.pk} + .comment-replies .comment-author")
    assert [r.get_text() for r in replies] == ["Replier"]
    assert _top_level_authors(section) == ["First", "Second"]


def test_commenters_name_is_shown_as_text_not_run(client, post):
    factories.comment(post, author_name='<img src=x onerror="alert(1)">')

    section = _comments_section(client, post.url)

    assert section.find("img") is None
    assert section.select_one(".comment-author").get_text() == '<img src=x onerror="alert(1)">'


def test_reply_link_opens_the_form_answering_that_comment(client, post):
    first = factories.comment(post, author_name="Reader One")

    link = _comments_section(client, post.url).select_one(".reply-link")
    form = _comments_section(client, link["href"]).select_one("#comment-form")

    assert link["href"] == f"{post.url}?reply={first.pk}#comment-form"
    assert "Replying to Reader One." in form.select_one(".replying").get_text()
    assert form.find("input", attrs={"name": "parent"})["value"] == str(first.pk)


def test_every_shown_comment_offers_a_reply_link(client, post):
    first = factories.comment(post)
    reply = factories.comment(post, parent=first)

    links = [a["href"] for a in _comments_section(client, post.url).select(".reply-link")]

    assert links == [f"{post.url}?reply={c.pk}#comment-form" for c in (first, reply)]


def _thread(post, depth, start=FEB_9_2021):
    """A chain of ``depth`` comments, each answering the one before."""
    parent, chain = None, []
    for level in range(depth):
        parent = factories.comment(
            post,
            author_name=f"Level {level}",
            parent=parent,
            created_at=start + dt.timedelta(minutes=level),
        )
        chain.append(parent)
    return chain


def test_a_deep_thread_nests_four_levels_and_shows_deeper_replies_beside_their_parent(client, post):
    chain = _thread(post, 10)

    section = _comments_section(client, post.url)

    # Four levels nested: the comment, then three levels of replies.
    nested = section.select(".comment-list > li > .comment-replies > li > .comment-replies > li")
    assert [a.get_text() for a in nested[0].select(":scope > .comment .comment-author")] == [
        "Level 2"
    ]
    deepest = section.select(".comment-replies .comment-replies .comment-replies > li > .comment")
    assert [c.select_one(".comment-author").get_text() for c in deepest] == [
        f"Level {level}" for level in range(3, 10)
    ]
    # Each reply shown out of its nesting says whom it answers, linking to it.
    answers = [c.select_one(".in-reply-to") for c in deepest]
    assert answers[0] is None
    assert [a["href"] for a in answers[1:]] == [f"#comment-{c.pk}" for c in chain[3:9]]
    assert [a.get_text(" ", strip=True) for a in answers[1:3]] == [
        "in reply to Level 3",
        "in reply to Level 4",
    ]
    assert "Comments (10)" in section.h2.get_text(" ", strip=True)


def test_reply_is_posted_under_its_comment(client, post):
    first = factories.comment(post)

    client.post(
        f"/post/{post.slug}/comments/", {"author_name": "R", "body": "Agreed.", "parent": first.pk}
    )

    assert Comment.objects.get(body="Agreed.").parent == first


def test_a_reply_to_a_deep_reply_is_kept_under_the_reply_it_answers(client, post):
    deepest = _thread(post, 6)[-1]

    form = _comments_section(client, f"{post.url}?reply={deepest.pk}").select_one("#comment-form")
    response = client.post(
        f"/post/{post.slug}/comments/",
        {
            "author_name": "R",
            "body": "Indeed.",
            "parent": form.find("input", {"name": "parent"})["value"],
        },
    )

    assert response.status_code == 302
    assert Comment.objects.get(body="Indeed.").parent == deepest


@pytest.mark.parametrize("parent", ["pending", "other post", "missing", "not a number"])
def test_reply_to_a_comment_not_shown_here_is_refused_with_the_text_kept(client, post, parent):
    pending = factories.comment(post, status=Comment.Status.PENDING)
    elsewhere = factories.comment(factories.post())
    parent_id = {
        "pending": pending.pk,
        "other post": elsewhere.pk,
        "missing": 10**6,
        "not a number": "x",
    }[parent]

    response = client.post(
        f"/post/{post.slug}/comments/",
        {"author_name": "R", "body": "My reply.", "parent": parent_id},
    )

    assert response.status_code == 400
    form = BeautifulSoup(response.content, "html.parser").select_one("#comment-form")
    assert PARENT_GONE in form.select_one("[role=alert]").get_text()
    assert form.textarea.get_text().strip() == "My reply."
    # Sent again, the form posts a new top-level comment instead of failing again.
    assert form.find("input", attrs={"name": "parent"}) is None


def test_a_name_that_closes_an_attribute_stays_text_wherever_it_is_shown(client, post):
    name = '"><script>alert(1)</script>'
    factories.comment(post, author_name=name)

    section = _comments_section(client, post.url)

    comment = section.select_one(".comment")
    assert section.find("script", string="alert(1)") is None
    assert comment["aria-label"] == f"Comment by {name}"
    assert comment.select_one(".reply-link").get_text() == f"Reply to {name}"
