from django.apps import AppConfig


class TopicsConfig(AppConfig):
    """Readers' pages for entities: /topic/<slug>/, /topics/ with its map, each post's
    entities; and keeping them fresh in the page cache."""

    name = "broadsheet.topics"
    verbose_name = "Topics: the pages of who and where posts are about"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from broadsheet.topics import signals  # noqa: F401
