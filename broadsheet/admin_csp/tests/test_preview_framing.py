"""Wagtail's live preview and its Checks panel show the page inside the admin's own frame."""

import pytest

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def post(blog_index):
    return factories.post("Talks resume in Geneva", paragraphs=("Delegations met at noon.",))


def test_a_draft_viewed_from_the_admin_may_be_framed_by_it(admin_client, post):
    response = admin_client.get(f"/admin/pages/{post.pk}/view_draft/")

    assert "Delegations met at noon." in response.content.decode()
    assert _policy(response)["frame-ancestors"] == ["'self'"]


def test_the_published_page_itself_still_refuses_every_frame(client, post):
    response = client.get(post.url)

    assert _policy(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
