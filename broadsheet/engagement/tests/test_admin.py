"""Editors see the most viewed and most liked posts on the admin dashboard."""

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories
from broadsheet.engagement.models import PostStats

pytestmark = pytest.mark.django_db


def _panel(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".top-posts")


def _entries(panel, ranking):
    return [li.get_text(" ", strip=True) for li in panel.select(f"#{ranking} li")]


def test_dashboard_ranks_posts_by_views_and_by_likes(admin_client, clock):
    for title, views, likes in [("Quiet", 3, 9), ("Popular", 50, 2), ("Middling", 20, 0)]:
        PostStats.objects.create(post=factories.post(title), view_count=views, like_count=likes)

    panel = _panel(admin_client)

    assert _entries(panel, "top-viewed") == [
        "Popular · 50 views",
        "Middling · 20 views",
        "Quiet · 3 views",
    ]
    assert _entries(panel, "top-liked") == ["Quiet · 9 likes", "Popular · 2 likes"]


def test_dashboard_links_each_top_post_to_its_editor(admin_client, clock):
    post = factories.post("Popular")
    PostStats.objects.create(post=post, view_count=5)

    link = _panel(admin_client).select_one("#top-viewed a")

    assert link["href"] == f"/admin/pages/{post.pk}/edit/"


def test_dashboard_lists_ten_posts_a_ranking(admin_client, clock):
    for n in range(12):
        PostStats.objects.create(post=factories.post(f"Post {n}"), view_count=n + 1)

    entries = _entries(_panel(admin_client), "top-viewed")

    assert len(entries) == 10
    assert entries[0] == "Post 11 · 12 views"


def test_dashboard_leaves_out_drafts(admin_client, clock):
    draft = factories.post("Withdrawn", publish=False)
    PostStats.objects.create(post=draft, view_count=99, like_count=99)

    panel = _panel(admin_client)

    assert "Withdrawn" not in panel.get_text()
    assert "No views counted yet." in panel.get_text()
