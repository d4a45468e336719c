from django.apps import AppConfig


class RelatedConfig(AppConfig):
    """Related coverage: each post's closest posts, worked out ahead of time and stored."""

    name = "broadsheet.related"
    verbose_name = "Related coverage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from broadsheet.related import signals  # noqa: F401
