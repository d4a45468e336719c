"""A reader's comment, from the post page through the moderation queue and back."""

import re

import pytest
from playwright.sync_api import expect

from broadsheet.blog.tests import factories
from broadsheet.core.tests.browser import admin_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_comment_waits_for_approval_then_appears(page, csp_violations, admin_user):
    post = factories.post("Talks resume in Geneva")

    page.goto(f"/post/{post.slug}/")
    form = page.locator("#comment-form")
    form.get_by_label("Name").fill("Reader One")
    form.get_by_label("Comment").fill("The second round looks more promising.")
    form.get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("status")).to_contain_text("awaiting approval")
    expect(page.locator(".comment-list")).to_have_count(0)

    admin_log_in(page, username=admin_user.username, password="password")
    page.get_by_role("link", name=re.compile(r"^Comments to moderate")).click()
    expect(page.get_by_role("heading", name="Comments to moderate")).to_be_visible()
    item = page.locator(".moderation-item").filter(has_text="The second round looks")
    item.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("No comments awaiting moderation.")).to_be_visible()

    page.goto(f"/post/{post.slug}/")
    comment = page.get_by_role("article", name="Comment by Reader One")
    expect(comment).to_contain_text("The second round looks more promising.")
    assert csp_violations == []
