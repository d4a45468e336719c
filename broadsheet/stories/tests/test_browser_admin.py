"""An editor puts a published post into a story from its edit form, under the admin's CSP."""

import pytest
from playwright.sync_api import expect

from broadsheet.blog.tests import factories as blog
from broadsheet.core.tests.browser import admin_log_in
from broadsheet.stories.tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    # XXX: as in blog/tests/test_browser_editor.py: the live server's threads share the
    # test's one in-memory SQLite connection.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def test_editor_adds_a_post_to_a_story_and_readers_see_it(page, csp_violations, admin_user):
    blog.blog_index()
    story = factories.story("Nuclear talks", slug="talks")
    factories.post_in(story, "Round 1")
    post = blog.post("Round 2", paragraphs=("The delegations met again.",))
    admin_log_in(page, username=admin_user.username, password="password")

    page.goto(f"/admin/pages/{post.pk}/edit/")
    # The Stories panel is on the post's details tab.
    page.get_by_role("tab", name="Post details").click()
    page.get_by_role("button", name="Add story").click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("checkbox", name="Nuclear talks").check()
    chooser.get_by_role("button", name="Confirm selection").click()
    expect(page.get_by_role("region", name="Stories")).to_contain_text("Nuclear talks")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Page 'Round 2' has been published")).to_be_visible()

    page.goto("/story/talks/")
    expect(page.locator(".timeline-post h4")).to_have_text(["Round 1", "Round 2"])
    page.goto("/post/round-2/")
    expect(page.locator(".story-box-posts a")).to_have_text(["Round 1"])
    assert csp_violations == []
