from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "broadsheet.newsletter"
    label = "newsletter"
    verbose_name = "newsletter"

    def ready(self):
        # Connects the receivers: a post's email queued when it is first published, and
        # kept subscribe forms thrown away when the categories change.
        from broadsheet.newsletter import signals  # noqa: F401
