"""Editing a post as an editor does: the admin's edit form, read from its page, sent back."""

from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

PUBLISH = "action-publish"
SAVE_DRAFT = "action-save"


def edit_form_url(post) -> str:
    return reverse("wagtailadmin_pages:edit", args=[post.pk])


def edit_post(admin_client, post, *, paragraphs, action=PUBLISH, kind="", note="", **fields):
    """Send the post's edit form with a new body, the note fields and ``fields`` changed."""
    page = admin_client.get(edit_form_url(post))
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    # The body's editor is drawn by JavaScript: its fields are not in the page's HTML.
    body = nested_form_data(
        {"body": streamfield([("paragraph", rich_text(f"<p>{p}</p>")) for p in paragraphs])}
    )
    for name, value in {**body, "correction_kind": kind, "correction_note": note}.items():
        data[name] = value
    for name, value in fields.items():
        data[name] = value
    data[action] = "1"
    return admin_client.post(edit_form_url(post), data)
