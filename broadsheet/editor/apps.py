from django.apps import AppConfig


class EditorConfig(AppConfig):
    """The writer's side of the admin: New post, the posts list, authors made in place.

    Wagtail's page tree stays for pages; a writer of posts need never open it.
    """

    name = "broadsheet.editor"
    label = "editor"
