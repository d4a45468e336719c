"""The post's stories, as a panel of its edit form (PostPage.content_panels)."""

from wagtail.admin.panels import MultipleChooserPanel


def story_panel() -> MultipleChooserPanel:
    # Started by admin_csp's marker, not Wagtail's inline script (the admin's CSP).
    return MultipleChooserPanel(
        "story_memberships",
        chooser_field_name="story",
        heading="Stories",
        label="Story",
        help_text=(
            "Running stories this post belongs to: it joins their timelines, and shows "
            "the posts before it there. Followers are emailed when it is published."
        ),
    )
