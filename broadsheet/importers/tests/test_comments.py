import dataclasses

import pytest

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import Comment
from broadsheet.importers.records import CommentStatus
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.tests.factories import comment_record, post_record
from broadsheet.importers.writer import ArchiveWriter


def store(*comments):
    return ArchiveWriter().post_store(post_record(comments=comments))


def thread():
    """Each comment as (source id, parent's source id), in the order the site shows them."""
    return [
        (comment.source_id, comment.parent.source_id if comment.parent else None)
        for comment in Comment.objects.select_related("parent")
    ]


@pytest.mark.django_db
def test_comments_are_stored_with_their_author_status_and_date():
    record = comment_record(
        "1",
        author_name="Ada",
        author_email="ada@example.com",
        author_url="https://ada.example/",
        body="First!\n\nSecond paragraph.",
        status=CommentStatus.PENDING,
    )

    changes = store(record)

    comment = Comment.objects.get()
    assert comment.post == PostPage.objects.get()
    assert (comment.author_name, comment.author_email, comment.author_url) == (
        "Ada",
        "ada@example.com",
        "https://ada.example/",
    )
    assert comment.body == "First!\n\nSecond paragraph."
    assert comment.status == Comment.Status.PENDING
    assert comment.created_at == record.date
    assert comment.source_id == "1"
    assert changes.counts[Kind.COMMENT, Outcome.CREATED] == 1


@pytest.mark.django_db
def test_a_thread_is_kept_whole_however_deep():
    store(
        comment_record("1"),
        comment_record("2", parent_source_id="1"),
        comment_record("3", parent_source_id="2"),
        comment_record("4"),
        comment_record("5", parent_source_id="3"),
    )

    assert thread() == [("1", None), ("2", "1"), ("3", "2"), ("4", None), ("5", "3")]


@pytest.mark.django_db
def test_a_ten_deep_thread_stays_ten_deep_and_a_loop_is_broken_with_a_note():
    chain = [comment_record("1")] + [
        comment_record(str(n), parent_source_id=str(n - 1)) for n in range(2, 11)
    ]
    looped = (
        comment_record("11", parent_source_id="12"),
        comment_record("12", parent_source_id="11"),
    )

    changes = store(*reversed(chain), *looped)

    assert thread()[:10] == [("1", None)] + [(str(n), str(n - 1)) for n in range(2, 11)]
    assert Comment.objects.get(source_id="10").parent.parent.parent.source_id == "7"
    assert "comment 11 is part of a loop of replies: shown on its own" in changes.notes


@pytest.mark.django_db
def test_a_reply_listed_before_its_parent_is_threaded_all_the_same():
    store(comment_record("2", parent_source_id="1"), comment_record("1"))

    assert thread() == [("1", None), ("2", "1")]


@pytest.mark.django_db
def test_a_reply_whose_parent_is_missing_stands_on_its_own_with_a_note():
    changes = store(
        comment_record("2", parent_source_id="9"), comment_record("3", parent_source_id="2")
    )

    assert thread() == [("2", None), ("3", "2")]
    assert changes.notes == [
        "comment 2 answers comment 9, which is not in the archive: shown as a comment of its own"
    ]


@pytest.mark.django_db
def test_importing_again_updates_comments_and_never_copies_them():
    first = (comment_record("1"), comment_record("2", parent_source_id="1"))
    store(*first)
    before = {comment.source_id: comment.pk for comment in Comment.objects.all()}

    unchanged = store(*first)
    edited = store(first[0], dataclasses.replace(first[1], status=CommentStatus.SPAM))

    assert unchanged.counts[Kind.COMMENT, Outcome.UNCHANGED] == 2
    assert edited.counts[Kind.COMMENT, Outcome.UNCHANGED] == 1
    assert edited.counts[Kind.COMMENT, Outcome.UPDATED] == 1
    assert {comment.source_id: comment.pk for comment in Comment.objects.all()} == before
    assert Comment.objects.get(source_id="2").status == Comment.Status.SPAM


@pytest.mark.django_db
def test_an_address_that_is_not_valid_is_left_out_with_a_note_and_a_nameless_reader_is_anonymous():
    changes = store(
        comment_record("1", author_name=" ", author_email="not-an-email", author_url="javascript:x")
    )

    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email, comment.author_url) == ("Anonymous", "", "")
    assert changes.notes == [
        "comment 1: the email 'not-an-email' is not valid; left out",
        "comment 1: the website 'javascript:x' is not valid; left out",
    ]


@pytest.mark.django_db
def test_a_comment_without_an_id_is_a_problem_and_a_repeated_one_is_stored_once():
    nameless = dataclasses.replace(comment_record("2"), source_id="")
    changes = store(comment_record("1"), comment_record("1"), nameless)

    assert Comment.objects.count() == 1
    assert changes.counts[Kind.COMMENT, Outcome.FAILED] == 1
    assert changes.problems == ["a comment by 'Reader 2' has no id"]
    assert changes.notes == ["comment 1 appears twice; the first is kept"]
