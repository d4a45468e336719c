"""A writer's way through the admin, in Chromium: New post to the home page, authors
chosen and made from the chooser, autosave that keeps quiet, stale drafts cleared."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from broadsheet.blog.models import Author, PostPage
from broadsheet.blog.tests import factories
from broadsheet.core.tests.browser import admin_log_in
from broadsheet.editor.selectors import STALE_DRAFT_DAYS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def no_autosave(settings):
    # XXX: the live server shares the test's one in-memory SQLite connection between its
    # threads (a documented Django limit), so an autosave arriving while Publish is
    # handled can see the other's half-done transaction and fail.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


# Notes when Wagtail's unsaved-changes check has taken the form's first state.
WATCH_EDITS = """
document.addEventListener("w-unsaved:watch-edits", () => {
  document.documentElement.dataset.watchingEdits = "true";
});
"""


def _write_paragraph(page, text):
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = page.locator(".Draftail-Editor [contenteditable='true']")
    paragraph.click()
    paragraph.press_sequentially(text)
    # Draftail writes its value to the form a moment after the last keystroke.
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile(re.escape(text)))


def _publish(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()


def test_sign_in_new_post_write_publish_and_it_leads_the_home_page(
    page, csp_violations, admin_user, no_autosave
):
    factories.blog_index()
    factories.author("Lina Haddad", user=admin_user)
    admin_log_in(page, username=admin_user.username, password="password")

    page.locator(".sidebar").get_by_role("link", name="New post").click()

    # The form opens on the story: its title, then its body; the rest is a tab away.
    title = page.get_by_placeholder("Page title*")
    expect(title).to_be_visible()
    expect(page.get_by_role("tab", name="Write")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="Post details")).to_be_visible()
    title.fill("Ceasefire talks resume")
    _write_paragraph(page, "Delegations met in Geneva this morning.")
    _publish(page)
    expect(page.get_by_text("Page 'Ceasefire talks resume' created and published")).to_be_visible()

    page.goto("/")
    story = page.get_by_role("link", name="Ceasefire talks resume").first
    expect(story).to_be_visible()
    story.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire talks resume")
    expect(page.locator(".byline")).to_contain_text("Lina Haddad")
    expect(page.locator(".post-body")).to_contain_text("Delegations met in Geneva this morning.")
    assert csp_violations == []


def test_the_author_chooser_chooses_another_author_and_makes_a_new_one(
    page, csp_violations, admin_user, no_autosave
):
    factories.blog_index()
    factories.author("Lina Haddad", user=admin_user)
    factories.author("Omar Said")
    admin_log_in(page, username=admin_user.username, password="password")
    page.goto("/admin/posts/new/")
    page.get_by_role("tab", name="Post details").click()
    chosen = page.locator("#id_author-title")
    expect(chosen).to_have_text("Lina Haddad")

    # "Choose another author", in the chosen author's Actions menu, opens the chooser.
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("button", name="Choose another author").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=re.compile("Choose"))).to_be_visible()
    dialog.get_by_role("link", name="Omar Said").click()
    expect(chosen).to_have_text("Omar Said")

    # And a guest writer is added from the chooser's New author tab.
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("button", name="Choose another author").click()
    dialog.get_by_role("tab", name="New author").click()
    dialog.get_by_label("Name").fill("Sara Nasser")
    dialog.get_by_label("Bio").fill("Writes from Beirut.")
    dialog.get_by_role("button", name="Add author").click()
    expect(chosen).to_have_text("Sara Nasser")
    expect(dialog).to_be_hidden()

    page.get_by_role("tab", name="Write").click()
    page.get_by_placeholder("Page title*").fill("Letter from Beirut")
    _write_paragraph(page, "The port is busy again.")
    _publish(page)
    expect(page.get_by_text("Page 'Letter from Beirut' created and published")).to_be_visible()
    assert csp_violations == []
    sara = Author.objects.get(name="Sara Nasser")
    assert sara.bio == "Writes from Beirut."
    assert PostPage.objects.get(slug="letter-from-beirut").author == sara


def test_autosave_keeps_quiet_while_typing_and_publish_shows_what_is_missing(
    page, csp_violations, admin_user
):
    factories.blog_index()
    admin_log_in(page, username=admin_user.username, password="password")
    page.context.add_init_script(WATCH_EDITS)
    page.goto("/admin/posts/new/")
    # Wagtail compares the form with how it was two seconds after loading, and autosaves
    # when it differs: a change made before then would never be saved.
    expect(page.locator("html[data-watching-edits]")).to_have_count(1)

    # A body without a title yet: autosave tries, and cannot save it.
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/admin/pages/add/" in r.url
    ) as autosave:
        _write_paragraph(page, "Notes from the press conference")
    assert autosave.value.status == 400

    # Nothing over the form: no footer message, only the header's quiet indicator.
    footer_message = page.get_by_text("There are validation errors")
    expect(page.get_by_text("Not saved yet")).to_be_visible()
    expect(footer_message).to_be_hidden()
    expect(page.get_by_text("Autosave is paused")).to_be_hidden()

    # Publishing says what is missing, beside the field, and keeps the writer's text.
    _publish(page)
    expect(
        page.get_by_text("The page could not be created due to validation errors")
    ).to_be_visible()
    expect(
        page.locator("#panel-child-write-child-title-errors, [data-field-errors]")
        .filter(has_text="This field is required")
        .first
    ).to_be_visible()
    expect(page.locator(".Draftail-Editor")).to_contain_text("Notes from the press conference")
    assert not PostPage.objects.exists()
    assert csp_violations == []


def test_stale_drafts_are_found_from_the_dashboard_and_deleted_together(
    page, csp_violations, admin_user, no_autosave
):
    factories.blog_index()
    long_ago = timezone.now() - dt.timedelta(days=STALE_DRAFT_DAYS + 5)
    for title in ("Half a thought", "Untitled idea"):
        draft = factories.post(title, publish=False)
        PostPage.objects.filter(pk=draft.pk).update(latest_revision_created_at=long_ago)
    factories.post("Started today", publish=False)
    factories.post("Published story")
    admin_log_in(page, username=admin_user.username, password="password")

    page.get_by_role("link", name="Review all 2 stale drafts in the posts list").click()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_role("checkbox", name="Select all").first.check()
    page.get_by_role("link", name="Delete selected pages").click()
    page.get_by_role("button", name=re.compile("Yes, delete")).click()

    expect(page.get_by_text(re.compile("2 pages have been deleted|deleted"))).to_be_visible()
    assert csp_violations == []
    assert sorted(PostPage.objects.values_list("title", flat=True)) == [
        "Published story",
        "Started today",
    ]
