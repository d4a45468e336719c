"""Bounds on a search, so that no query a reader can type stalls the site.

A search is the one read that the page cache cannot answer (every query is an address
of its own), and its cost grows with the archive and the query. Each process runs at
most ``SEARCHES_AT_ONCE`` searches (others wait up to ``QUEUE_SECONDS``, then are told
to try again), and each is stopped after ``TIME_LIMIT_SECONDS`` of database work:
SQLite through its progress handler, PostgreSQL through ``statement_timeout``.
"""

import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

SEARCHES_AT_ONCE = 2
QUEUE_SECONDS = 5
# SQLite calls the handler every this many virtual machine instructions (well under a
# millisecond; the call costs a few percent of a long query's time).
PROGRESS_STEPS = 1_000


class SearchBusy(Exception):
    """Too many searches are running in this process."""


class SearchTooSlow(Exception):
    """The search ran out of time."""


_running = threading.BoundedSemaphore(SEARCHES_AT_ONCE)


def time_limit_seconds() -> float:
    return getattr(settings, "SEARCH_TIME_LIMIT_SECONDS", 2.0)


@contextmanager
def search_slot():
    """A turn to search; raises SearchBusy if none comes free in time."""
    if not _running.acquire(timeout=QUEUE_SECONDS):
        raise SearchBusy
    try:
        yield
    finally:
        _running.release()


@contextmanager
def time_limited():
    """Stop the queries run inside after ``time_limit_seconds()``: raises SearchTooSlow."""
    limit = time_limit_seconds()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.monotonic() + limit
        raw = connection.connection
        raw.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
        try:
            yield
        except OperationalError as error:
            if "interrupted" in str(error):
                raise SearchTooSlow from error
            raise
        finally:
            raw.set_progress_handler(None, PROGRESS_STEPS)
    elif connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                milliseconds = max(1, int(limit * 1000))
                cursor.execute("SET LOCAL statement_timeout = %s", [milliseconds])
                yield
                # A savepoint inside a request's transaction would keep the limit until
                # that transaction ends: lift it for the queries after the search.
                cursor.execute("SET LOCAL statement_timeout = DEFAULT")
        except OperationalError as error:
            if "statement timeout" in str(error):
                raise SearchTooSlow from error
            raise
    else:
        yield
