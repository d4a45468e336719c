"""A one-row lookup whose SQL Django compiles once, then runs with each new value.

Compiling the post page's lookup (a post with its author, photo, section, cover and
counts: five joins, a hundred columns) costs Django more than running it: 1.5 ms of
2.3 on every render. The statement differs between two readers' posts by one value, so
it is compiled once and its compiler reused: a copy per call, on the calling thread's
connection (a compiler holds one), with the value put in place of a marker.
"""

import copy

from django.core.exceptions import MultipleObjectsReturned
from django.db import connections

_MARKER = "\x00broadsheet-prepared-value\x00"


class PreparedLookup:
    """``queryset``'s one row whose ``field`` equals a value given later (``get``)."""

    def __init__(self, queryset, field: str):
        # Two rows are enough to tell one from several, as Django's get() does.
        self._queryset = queryset.filter(**{field: _MARKER})[:2]
        compiler = self._queryset.query.get_compiler(self._queryset.db)
        sql, params = compiler.as_sql()
        # A lookup that transforms the value (iexact, a cast) would not pass it as is.
        self._position = list(params).index(_MARKER)
        self._sql, self._params, self._compiler = sql, tuple(params), compiler

    def get(self, value):
        """The row whose field is ``value`` as a model instance, or None."""
        params = list(self._params)
        params[self._position] = value
        compiler = copy.copy(self._compiler)
        compiler.connection = connections[self._queryset.db]
        compiler.as_sql = lambda *args, **kwargs: (self._sql, params)
        # A shallow copy of the query, answering with that compiler; a new queryset on it
        # (copying a queryset would run it: QuerySet.__getstate__).
        query = copy.copy(self._queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        model = self._queryset.model
        queryset = type(self._queryset)(model=model, query=query, using=self._queryset.db)
        rows = list(queryset)
        if len(rows) > 1:
            raise MultipleObjectsReturned(f"More than one {model.__name__} is {value!r}.")
        return rows[0] if rows else None
