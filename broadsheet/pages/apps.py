from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "broadsheet.pages"
    label = "pages"

    def ready(self):
        from broadsheet.pages import signals  # noqa: F401
