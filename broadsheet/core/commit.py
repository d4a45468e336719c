"""Work to do once a transaction commits, asked for by each row it wrote but done once."""

from collections.abc import Callable

from django.db import transaction

_PENDING = "_broadsheet_once_on_commit"


def is_pending(key: str, using=None) -> bool:
    """Whether ``key`` waits for the current transaction's commit (once_on_commit)."""
    connection = transaction.get_connection(using)
    waiting = connection.__dict__.get(_PENDING, {}).get(key)
    # XXX: Django forgets a rolled-back block's callbacks without telling anyone; one of
    # ours is still to run only while it is in the connection's list.
    return waiting is not None and any(entry[1] is waiting for entry in connection.run_on_commit)


def once_on_commit(
    key: str, run: Callable[[], object], *, schedule=transaction.on_commit, using=None
) -> None:
    """Run ``run`` after the current transaction commits, once however many times ``key``
    is asked for within it: an extraction that writes twenty mentions of one post
    refreshes that post's pages once, not twenty times.

    ``schedule`` is how the first request is handed on: ``transaction.on_commit``, or
    ``pagecache.purge.purge_on_commit`` for a purge. Outside a transaction it runs at once.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        schedule(run)
        return
    if is_pending(key, using):
        return
    pending = connection.__dict__.setdefault(_PENDING, {})

    def run_once():
        pending.pop(key, None)
        run()

    pending[key] = run_once
    schedule(run_once)
