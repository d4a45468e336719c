from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "broadsheet.corrections"
    verbose_name = "Corrections and updates"
    default_auto_field = "django.db.models.BigAutoField"
