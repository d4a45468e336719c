from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "broadsheet.entities"
    verbose_name = "Entities: who and where posts are about"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from broadsheet.entities import signals  # noqa: F401
