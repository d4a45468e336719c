"""The correction or update note an editor may add when publishing a change to a post."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from broadsheet.corrections.models import Correction

NOTE_MAX_LENGTH = Correction._meta.get_field("note").max_length
NO_NOTE = ""


def _kind_field():
    return forms.ChoiceField(
        label="Tell readers about this change",
        choices=[(NO_NOTE, "No: a routine edit"), *Correction.Kind.choices],
        required=False,
        help_text=(
            "For a post already published: a correction says something published was "
            "wrong, an update adds news. Shown at the end of the post once you publish."
        ),
    )


def _note_field():
    return forms.CharField(
        label="Note for readers",
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=(
            "One line, e.g. “An earlier version gave the wrong date for the vote.” "
            "Saving a draft keeps no note: it goes out with Publish."
        ),
    )


def _check_pair(form, cleaned_data) -> None:
    kind, note = cleaned_data.get("correction_kind"), cleaned_data.get("correction_note")
    if kind and not note:
        form.add_error("correction_note", "Write the one line readers will see.")
    if note and not kind and "correction_kind" not in form.errors:
        form.add_error("correction_kind", "Say whether this is a correction or an update.")


class CorrectionNoteForm(forms.Form):
    """The two fields alone, read again from the edit form's data once it has published."""

    correction_kind = _kind_field()
    correction_note = _note_field()

    def clean(self):
        cleaned_data = super().clean()
        _check_pair(self, cleaned_data)
        return cleaned_data


class CorrectionNotePageForm(WagtailAdminPageForm):
    """The note fields on a post's edit form (blog.admin_forms.PostPageForm is built on
    it); not stored on the post: wagtail_hooks turns them into a Correction on publish."""

    correction_kind = _kind_field()
    correction_note = _note_field()

    def clean(self):
        cleaned_data = super().clean()
        _check_pair(self, cleaned_data)
        already_published = self.instance.pk is not None and self.instance.live
        if cleaned_data.get("correction_kind") and not already_published:
            self.add_error(
                "correction_kind",
                "This post is not published yet: a correction or update is for a change "
                "to a post readers have already seen.",
            )
        return cleaned_data
