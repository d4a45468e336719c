"""A post is dated when it goes live, unless its editor chose a date."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from broadsheet.blog.models import Author, PostPage
from broadsheet.blog.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("author")]

STARTED = "2026-03-05 14:10"


@pytest.fixture
def index(blog_index):
    return blog_index


@pytest.fixture
def author(db):
    return factories.author("Lina Haddad")


def _post_form(**fields):
    """What the admin's post form sends, as a browser fills it in."""
    return nested_form_data(
        {
            "title": "Ceasefire talks resume",
            "slug": "ceasefire-talks-resume",
            "date": STARTED,
            # The date's default is the moment the form opened: sent back beside it.
            "initial-date": STARTED,
            "author": Author.objects.get(name="Lina Haddad").pk,
            "language": "en",
            "body": streamfield([("paragraph", rich_text("Delegations met at noon."))]),
            "email_subscribers": "",
            # The Stories panel's formset (broadsheet.stories): in no story.
            "story_memberships": inline_formset([]),
            **fields,
        }
    )


def _add(admin_client, index, **fields):
    response = admin_client.post(
        f"/admin/pages/add/blog/postpage/{index.pk}/", _post_form(**fields)
    )
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    return PostPage.objects.get(slug="ceasefire-talks-resume")


def test_a_post_published_as_written_is_dated_when_it_went_live(admin_client, index):
    before = timezone.now()

    post = _add(admin_client, index, **{"action-publish": "publish"})

    assert post.live
    assert before <= post.date <= timezone.now()


def test_a_post_scheduled_is_dated_when_it_goes_live_not_when_it_was_started(admin_client, index):
    go_live = timezone.now() + dt.timedelta(minutes=4)
    post = _add(
        admin_client,
        index,
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"),
        **{"action-publish": "publish"},
    )
    assert not post.live
    # The four minutes pass.
    passed = timezone.now() - dt.timedelta(seconds=1)
    revision = Revision.objects.get(object_id=str(post.pk), approved_go_live_at__isnull=False)
    revision.approved_go_live_at = passed
    revision.content["go_live_at"] = passed.isoformat()
    revision.save()

    call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live
    assert post.date > dt.datetime(2026, 3, 5, 14, 10, tzinfo=timezone.get_current_timezone())
    assert abs(post.date - post.first_published_at) < dt.timedelta(seconds=5)


def test_a_date_the_editor_typed_in_is_kept(admin_client, index):
    post = _add(admin_client, index, date="2024-01-09 08:30", **{"action-publish": "publish"})

    assert timezone.localtime(post.date).strftime("%Y-%m-%d %H:%M") == "2024-01-09 08:30"


def test_a_draft_saved_then_published_later_is_dated_when_it_went_live(admin_client, index):
    post = _add(admin_client, index)
    assert not post.live
    before = timezone.now()

    response = admin_client.post(
        f"/admin/pages/{post.pk}/edit/", _post_form(**{"action-publish": "publish"})
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.date >= before


def test_a_published_post_keeps_its_date_when_edited(admin_client, index):
    post = _add(admin_client, index, **{"action-publish": "publish"})
    dated = post.date

    admin_client.post(
        f"/admin/pages/{post.pk}/edit/",
        _post_form(
            title="Ceasefire talks resume, corrected",
            date=timezone.localtime(dated).strftime("%Y-%m-%d %H:%M"),
            **{"initial-date": timezone.localtime(dated).strftime("%Y-%m-%d %H:%M")},
            **{"action-publish": "publish"},
        ),
    )

    post.refresh_from_db()
    assert post.title == "Ceasefire talks resume, corrected"
    # The form shows minutes: what it sends back is the same minute.
    assert post.date == dated.replace(second=0, microsecond=0)
