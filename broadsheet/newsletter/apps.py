from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "broadsheet.newsletter"
    label = "newsletter"
    verbose_name = "newsletter"

    def ready(self):
        # Connects the receiver that queues a post's email when it is first published.
        from broadsheet.newsletter import signals  # noqa: F401
