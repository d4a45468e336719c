"""Adding a new page live at once, as imports do: the same page as publishing it."""

import datetime as dt

import pytest
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from broadsheet.blog.models import PostPage
from broadsheet.blog.services import PublicationDates, page_add_published
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(2019, 3, 4, 9, 30, tzinfo=dt.UTC)
LAST = dt.datetime(2020, 1, 2, 8, 0, tzinfo=dt.UTC)


def _new_post(title="Talks resume in Geneva"):
    return PostPage(title=title, slug="talks-resume", author=factories.author(), date=FIRST)


def test_the_page_is_live_with_one_revision_that_is_both_latest_and_live(blog_index, client):
    revision = page_add_published(
        parent=blog_index, page=_new_post(), dates=PublicationDates(first=FIRST, last=LAST)
    )

    post = PostPage.objects.get()
    assert post.live
    assert not post.has_unpublished_changes
    assert post.live_revision == post.latest_revision == revision
    assert post.get_latest_revision_as_object().title == "Talks resume in Geneva"
    assert (post.first_published_at, post.last_published_at) == (FIRST, LAST)
    assert post.locale_id == blog_index.locale_id
    assert PageLogEntry.objects.filter(page=post, action="wagtail.publish").exists()
    assert "Talks resume in Geneva" in client.get(post.url).content.decode()


def test_receivers_of_page_published_hear_of_it(blog_index):
    heard = []

    def receiver(sender, instance, revision, **kwargs):
        heard.append((sender, instance.title, revision.pk))

    page_published.connect(receiver)
    try:
        revision = page_add_published(parent=blog_index, page=_new_post())
    finally:
        page_published.disconnect(receiver)

    assert heard == [(PostPage, "Talks resume in Geneva", revision.pk)]


def test_a_page_going_live_later_is_refused(blog_index):
    post = _new_post()
    post.go_live_at = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)

    with pytest.raises(ValueError, match="goes live later"):
        page_add_published(parent=blog_index, page=post)

    assert not PostPage.objects.exists()
