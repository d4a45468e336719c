from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "broadsheet.newsletter"
    label = "newsletter"
    verbose_name = "newsletter"

    def ready(self):
        pass  # noqa: F401 (connects the receivers)
