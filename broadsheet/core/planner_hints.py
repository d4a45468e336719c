"""Hints for SQLite's query planner, where it guesses wrong on a big archive.

XXX: SQLite without statistics plans an equality on a bound value (``live = ?``,
``content_type_id = ?``, as Django sends them) as if it picked out few rows, so it
starts there: for every list of posts it walks the whole page table and sorts it (a
second at 100,000 posts), and a search reads every index entry of a post and runs the
full-text match once per entry (10 s). Saying the condition holds for most rows
(``likelihood``) lets it read the list's date index, or the full-text match, first
(measured with bench/serve_bench.py and bench/search_bench.py at 100,000 posts).
PostgreSQL keeps statistics and gets no hint.
"""

from django.db import connections, models
from django.db.models import Func, Q

# The share of rows a hinted condition is said to hold for: any value near 1 plans alike.
LIKELIHOOD = 0.9375


def likely(condition: Q) -> Func:
    """``condition`` marked as true for most rows, for ``QuerySet.filter`` on SQLite."""
    return Func(
        condition,
        template=f"likelihood(%(expressions)s, {LIKELIHOOD})",
        output_field=models.BooleanField(),
    )


def likely_sql(condition: str) -> str:
    """The same for SQL written by hand."""
    return f"likelihood({condition}, {LIKELIHOOD})"


def is_sqlite(using: str = "default") -> bool:
    return connections[using].vendor == "sqlite"
