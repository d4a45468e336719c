"""The posts list: date, author, category, status and comments, with filters and search."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Revision

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.editor.selectors import STALE_DRAFT_DAYS

pytestmark = pytest.mark.django_db


def _titles(response):
    return [page.title for page in response.context["object_list"]]


def _row_of(html, title):
    start = html.index(title)
    return html[start : html.index("</tr>", start)]


def test_each_post_shows_its_date_author_category_status_and_comments(admin_client, blog_index):
    post = factories.post(
        "Port reopens",
        author=factories.author("Lina Haddad"),
        category=factories.category("Middle East"),
        date=dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC),
    )
    factories.comment(post)
    factories.comment(post)
    factories.comment(post, status=Comment.Status.PENDING)
    factories.post("Draft about grain", publish=False)

    html = admin_client.get("/admin/posts/").content.decode()

    row = _row_of(html, "Port reopens")
    assert "Lina Haddad" in row
    assert "Middle East" in row
    assert "Mar. 5, 2024" in row or "March 5, 2024" in row or "2024-03-05" in row
    assert "live" in row.lower()
    assert "2 (1 waiting)" in row
    assert "draft" in _row_of(html, "Draft about grain").lower()


def test_newest_first_by_publication_date(admin_client, blog_index):
    factories.post("Older", date=factories.BASE_DATE)
    factories.post("Newer", date=factories.BASE_DATE + dt.timedelta(days=3))

    assert _titles(admin_client.get("/admin/posts/")) == ["Newer", "Older"]


def _age(post, *, days):
    """Makes ``post``'s last edit ``days`` old, as if its writer left it then."""
    edited = timezone.now() - dt.timedelta(days=days)
    PostPage.objects.filter(pk=post.pk).update(latest_revision_created_at=edited)


def test_status_filters_tell_drafts_stale_drafts_scheduled_and_published_apart(
    admin_client, blog_index
):
    factories.post("Live story")
    fresh = factories.post("Fresh draft", publish=False)
    stale = factories.post("Abandoned draft", publish=False)
    _age(fresh, days=1)
    _age(stale, days=STALE_DRAFT_DAYS + 1)
    scheduled = factories.post("Scheduled story", publish=False)
    Revision.objects.filter(object_id=str(scheduled.pk)).update(
        approved_go_live_at=timezone.now() + dt.timedelta(days=1)
    )

    def titles(status):
        return sorted(_titles(admin_client.get(f"/admin/posts/?status={status}")))

    assert titles("published") == ["Live story"]
    assert titles("draft") == ["Abandoned draft", "Fresh draft"]
    assert titles("stale") == ["Abandoned draft"]
    assert titles("scheduled") == ["Scheduled story"]


def test_filters_by_author_category_and_date(admin_client, blog_index):
    lina, omar = factories.author("Lina Haddad"), factories.author("Omar Said")
    europe = factories.category("Europe")
    factories.post("By Lina", author=lina, date=dt.datetime(2024, 1, 10, tzinfo=dt.UTC))
    factories.post(
        "By Omar in Europe",
        author=omar,
        category=europe,
        date=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
    )

    assert _titles(admin_client.get(f"/admin/posts/?author={lina.pk}")) == ["By Lina"]
    assert _titles(admin_client.get(f"/admin/posts/?category={europe.pk}")) == ["By Omar in Europe"]
    in_spring = admin_client.get("/admin/posts/?date_from=2024-05-01&date_to=2024-06-30")
    assert _titles(in_spring) == ["By Omar in Europe"]


def test_search_finds_posts_by_title(admin_client, blog_index):
    factories.post("Grain corridor reopens")
    factories.post("Election results")

    assert _titles(admin_client.get("/admin/posts/?q=grain")) == ["Grain corridor reopens"]


def test_the_dashboard_names_stale_drafts_and_links_to_them(admin_client, blog_index):
    stale = factories.post("Abandoned draft", publish=False)
    _age(stale, days=STALE_DRAFT_DAYS + 3)
    fresh = factories.post("Fresh draft", publish=False)
    _age(fresh, days=1)

    html = admin_client.get("/admin/").content.decode()

    assert f"Drafts untouched for {STALE_DRAFT_DAYS} days or more" in html
    assert f'href="/admin/pages/{stale.pk}/edit/">Abandoned draft</a>' in html
    assert "Fresh draft" not in html
    assert 'href="/admin/posts/?status=stale"' in html
    assert "Drafts (2)" in html


def test_the_posts_list_offers_bulk_delete(admin_client, blog_index):
    draft = factories.post("Abandoned draft", publish=False)

    html = admin_client.get("/admin/posts/?status=draft").content.decode()

    assert f'data-object-id="{draft.pk}" data-bulk-action-checkbox' in html  # Its row's box.
    assert "/admin/bulk/wagtailcore/page/delete/" in html
