from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "broadsheet.engagement"
    label = "engagement"
    verbose_name = "likes and views"
