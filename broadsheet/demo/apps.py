from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo publication `make run` fills an empty site with (`manage.py demo`)."""

    name = "broadsheet.demo"
    label = "demo"
