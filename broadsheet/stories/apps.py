from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "broadsheet.stories"
    verbose_name = "Stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from broadsheet.newsletter.composer import composer_register
        from broadsheet.newsletter.models import Issue
        from broadsheet.stories import signals  # noqa: F401
        from broadsheet.stories.emails import StoryUpdateComposer

        # A story update goes through the newsletter's ledger, in its own words.
        composer_register(Issue.Kind.STORY, StoryUpdateComposer)
