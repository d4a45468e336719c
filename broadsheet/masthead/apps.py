from django.apps import AppConfig


class MastheadConfig(AppConfig):
    name = "broadsheet.masthead"
    label = "masthead"
    verbose_name = "Masthead"

    def ready(self):
        # Edits throw away the kept pages that show them (broadsheet.pagecache).
        from broadsheet.masthead import signals  # noqa: F401
