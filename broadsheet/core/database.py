"""Telling a busy database from a broken one."""

from django.db import OperationalError

# SQLite: another connection holds the write lock beyond the busy timeout.
# PostgreSQL: a statement gave up waiting for a lock (lock_timeout, SQLSTATE 55P03).
_BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout")
_BUSY_SQLSTATES = {"55P03"}


def is_database_busy(error: BaseException) -> bool:
    """True when ``error`` means "another writer holds a lock, try again later"."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    message = str(error).lower()
    return any(busy in message for busy in _BUSY_MESSAGES)
