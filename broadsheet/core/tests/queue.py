"""Running the database queue's tasks inside a test, as `manage.py db_worker --batch` would."""

from unittest import mock  # noqa: TID251 -- see run_queued_tasks: a worker habit, not a fake

from django_tasks_db.management.commands import db_worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued_tasks() -> None:
    """Run every task that is due, and those they queue for now, until none is left."""
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # XXX: the worker drops database connections it thinks stale between tasks; on
    # PostgreSQL it takes the test's open transaction for one, and closes the test's
    # connection. Tasks here share the test's transaction, so nothing is to be dropped.
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
