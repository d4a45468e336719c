from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "broadsheet.corrections"
    verbose_name = "Corrections and updates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from broadsheet.corrections import signals  # noqa: F401
