from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: the task worker, the scheduler, and the queue's health."""

    name = "broadsheet.operations"
    label = "operations"
    verbose_name = "operations"
