"""An editor writes and publishes a post in Wagtail's admin, and readers see it."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.core.tests.browser import admin_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    # XXX: the live server shares the test's one in-memory SQLite connection between its
    # threads (a documented Django limit), so an autosave arriving while Publish is
    # handled can see the other's half-done transaction and fail.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def test_editor_writes_and_publishes_a_post(page, csp_violations, admin_user):
    index = factories.blog_index()
    factories.author("Lina Haddad", user=admin_user)
    factories.author("Omar Said")
    admin_log_in(page, username=admin_user.username, password="password")

    page.goto(f"/admin/pages/{index.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_placeholder("Page title*").fill("Ceasefire talks resume")

    # The byline is under Post details (broadsheet.editor): the form opens on the story.
    page.get_by_role("tab", name="Post details").click()
    # A new post starts as its writer's: Lina's account has her author profile.
    expect(page.locator("#id_author-title")).to_have_text("Lina Haddad")

    # The publication date's picker, started by admin_csp/admin-csp.js, sets the field...
    date_field = page.get_by_label("Publication date")
    date_field.click()
    picker = page.locator(".xdsoft_datetimepicker").filter(visible=True)
    picker.locator(".xdsoft_date:not(.xdsoft_other_month)", has_text=re.compile("^15$")).click()
    expect(date_field).to_have_value(re.compile(r"^\d{4}-\d{2}-15 \d{2}:\d{2}$"))
    # ...and a date typed in is kept.
    date_field.fill("2024-03-05 09:30")
    date_field.press("Escape")

    page.get_by_role("tab", name="Write").click()
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = page.locator(".Draftail-Editor [contenteditable='true']")
    paragraph.click()
    paragraph.press_sequentially("Delegations met in Geneva this morning.")
    # Draftail writes its value to the form a moment after the last keystroke.
    # Waiting for the whole sentence: a partial one is what a slow machine writes first.
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile("Delegations met in Geneva this morning[.]")
    )

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Page 'Ceasefire talks resume' created and published")).to_be_visible()

    page.goto("/post/ceasefire-talks-resume/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire talks resume")
    expect(page.locator(".byline")).to_contain_text("Lina Haddad")
    expect(page.locator(".byline")).to_contain_text("Mar 5, 2024")
    expect(page.locator(".post-body")).to_contain_text("Delegations met in Geneva this morning.")
    assert csp_violations == []
    # Read once the page has loaded and the browser is idle, for the same reason as above.
    post = PostPage.objects.get(slug="ceasefire-talks-resume")
    assert post.date.astimezone(dt.UTC) == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)


def test_the_preview_panel_shows_the_post_and_its_checks(page, csp_violations, admin_user):
    factories.blog_index()
    post = factories.post("Grain corridor reopens", paragraphs=("Ships left Odesa at dawn.",))
    admin_log_in(page, username=admin_user.username, password="password")

    page.goto(f"/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()

    # Wagtail loads the preview in a second frame, then swaps it for the first.
    frame = page.locator("iframe[src*='in_preview_panel']:not(.w-preview__proxy)")
    expect(frame).to_have_count(1, timeout=20_000)
    expect(frame.content_frame.get_by_text("Ships left Odesa at dawn.")).to_be_visible()
    # The Checks panel reads the same frame: with it framed, it counts real issues.
    page.get_by_role("button", name="Toggle checks").click()
    expect(page.get_by_text(re.compile(r"Issues found\s*\d+"))).to_be_visible()
    assert csp_violations == []
