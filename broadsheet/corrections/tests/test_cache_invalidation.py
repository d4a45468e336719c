"""A new, edited or deleted note shows on the kept pages that show notes, at once."""

import pytest

from broadsheet.blog.tests import factories
from broadsheet.corrections.tests.admin_forms import edit_post
from broadsheet.corrections.tests.factories import republish_with_note
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

LISTS = ("/corrections/", "/corrections/feed/")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def post(blog_index):
    return factories.post("Vote in the Majlis", paragraphs=["The vote was held on Monday."])


@pytest.fixture
def front():
    return FrontClient()


def _kept(front, *paths):
    for path in paths:
        front.get(path)
        answer = front.get(path)
        assert answer.status == 200, path
        assert answer.hit, path


def test_a_correction_published_from_the_admin_shows_on_kept_pages(
    admin_client, post, front, committed
):
    _kept(front, post.url, *LISTS)
    with committed(execute=True):
        edit_post(
            admin_client,
            post,
            paragraphs=["The vote was held on Tuesday."],
            kind="correction",
            note="An earlier version gave the wrong day.",
        )
    for path in (post.url, *LISTS):
        answer = front.get(path)
        assert "An earlier version gave the wrong day." in answer.text, path
    assert "Updated" in front.get(post.url).text


def test_a_note_edited_or_deleted_in_snippets_leaves_no_stale_page(post, front, committed):
    correction = republish_with_note(post, paragraphs=["Tuesday."], note="Wrong day.")
    _kept(front, post.url, *LISTS)
    with committed(execute=True):
        correction.note = "The vote was on Tuesday, not Monday."
        correction.save()
    for path in (post.url, *LISTS):
        assert "Tuesday, not Monday" in front.get(path).text, path
    _kept(front, post.url, *LISTS)
    with committed(execute=True):
        correction.delete()
    for path in (post.url, *LISTS):
        assert "Tuesday, not Monday" not in front.get(path).text, path
