"""The note fields as a panel of the post's edit form (PostPage.edit_handler)."""

from wagtail.admin.panels import FieldPanel, MultiFieldPanel


def correction_panel() -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel("correction_kind"), FieldPanel("correction_note")],
        heading="Correction or update",
        help_text="Fill in only when publishing a change readers should be told about.",
    )
