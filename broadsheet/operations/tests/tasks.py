"""A task for the worker tests: it returns what it was given, so its result shows it ran."""

from django.tasks import task


@task
def echo(text: str) -> str:
    return text
