"""What a model's fields hold, read from the model so a migration's change follows."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models


def max_length(model: type[models.Model], name: str) -> int:
    """The most characters ``model``'s field ``name`` holds."""
    length = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(length, int):
        raise FieldDoesNotExist(f"{model.__name__}.{name} is not a field with a max_length")
    return length
