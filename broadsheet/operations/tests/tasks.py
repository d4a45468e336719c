"""A task for the worker tests: it returns what it was given, so its result shows it ran."""

from django.db import OperationalError
from django.tasks import task


@task
def echo(text: str) -> str:
    return text


@task
def meets_a_lock() -> None:
    raise OperationalError("database is locked")


@task
def breaks() -> None:
    raise ValueError("a real bug")
