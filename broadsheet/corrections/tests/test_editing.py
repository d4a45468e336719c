"""Editors add a correction or update note on the post's edit form; publishing shows it."""

import pytest
from django.urls import reverse

from broadsheet.blog.tests import factories
from broadsheet.corrections.models import Correction
from broadsheet.corrections.tests.admin_forms import SAVE_DRAFT, edit_form_url, edit_post
from broadsheet.corrections.tests.factories import republish_with_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(blog_index):
    return factories.post("Vote in the Majlis", paragraphs=["The vote was held on Monday."])


def test_edit_form_offers_the_note_fields(admin_client, post):
    page = admin_client.get(edit_form_url(post)).content.decode()
    assert "Correction or update" in page
    assert 'name="correction_kind"' in page
    assert 'name="correction_note"' in page


def test_publishing_a_change_with_a_correction_records_it_with_both_versions(admin_client, post):
    live_before = post.live_revision_id
    response = edit_post(
        admin_client,
        post,
        paragraphs=["The vote was held on Tuesday."],
        kind="correction",
        note="An earlier version gave the wrong day for the vote.",
    )
    assert response.status_code == 302
    post.refresh_from_db()
    (correction,) = Correction.objects.filter(post=post)
    assert correction.kind == Correction.Kind.CORRECTION
    assert correction.note == "An earlier version gave the wrong day for the vote."
    assert correction.revision_id == post.live_revision_id != live_before
    assert correction.previous_revision_id == live_before
    assert correction.published_at == post.last_published_at


def test_publishing_without_a_note_records_nothing(admin_client, post):
    response = edit_post(admin_client, post, paragraphs=["A routine typo fix."])
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_a_note_saved_with_a_draft_is_not_recorded(admin_client, post):
    response = edit_post(
        admin_client,
        post,
        paragraphs=["Draft wording."],
        action=SAVE_DRAFT,
        kind="update",
        note="Adds the result.",
    )
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_a_note_without_its_kind_is_refused_and_keeps_the_text(admin_client, post):
    response = edit_post(
        admin_client, post, paragraphs=["The vote was held on Tuesday."], note="Wrong day."
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say whether this is a correction or an update." in page
    assert 'value="Wrong day."' in page
    assert not Correction.objects.exists()


def test_a_note_on_a_first_publication_is_refused(admin_client, blog_index):
    draft = factories.post("Not out yet", publish=False)
    response = edit_post(
        admin_client, draft, paragraphs=["First words."], kind="update", note="Adds a line."
    )
    assert response.status_code == 200
    assert "This post is not published yet" in response.content.decode()
    assert not Correction.objects.exists()


def test_editors_fix_a_note_in_snippets_but_make_none_there(admin_client, post):
    correction = republish_with_note(post, paragraphs=["Tuesday."], note="Wrnog day.")
    edit_url = reverse("wagtailsnippets_corrections_correction:edit", args=[correction.pk])
    response = admin_client.post(edit_url, {"kind": "correction", "note": "Wrong day."})
    assert response.status_code == 302
    assert "Wrong day." in admin_client.get(post.url).content.decode()
    add_url = reverse("wagtailsnippets_corrections_correction:add")
    assert admin_client.get(add_url).status_code in (302, 403)
    assert Correction.objects.count() == 1


def test_a_change_scheduled_for_later_records_no_note_yet(admin_client, post):
    response = edit_post(
        admin_client,
        post,
        paragraphs=["The vote was held on Tuesday."],
        kind="correction",
        note="Wrong day.",
        go_live_at="2099-01-01 12:00",
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.has_unpublished_changes  # Scheduled, not live: readers see Monday still.
    assert not Correction.objects.exists()
