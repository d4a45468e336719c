"""A task worker that waits out a locked database instead of dying of it.

django-tasks-db's worker catches "database is locked" only while claiming a task. A lock
held longer than SQLite's busy timeout (a big import, a backup, any long transaction)
also reaches it while it starts its claiming transaction, while a task writes, and while
it records a task's result; each of those ended the process, and the queue then grew
unseen. Here every one of them waits and tries again, saying so in the log; a task that
met the lock goes back in the queue instead of being marked failed.
"""

import logging
import time
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker

from broadsheet.core.database import is_database_busy

logger = logging.getLogger("broadsheet.worker")

# Waits between tries while the database stays locked: short at first, then at most this.
FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 30.0
# A task that met a locked database runs again this much later...
REQUEUE_DELAY = timedelta(seconds=5)
# ...at most this many times in all, then it is recorded as failed like any other error.
MOST_ATTEMPTS = 10


class ResilientWorker(Worker):
    def run(self) -> None:
        wait = FIRST_WAIT_SECONDS
        while True:
            try:
                return super().run()
            except Exception as error:
                if not is_database_busy(error):
                    raise
                logger.warning(
                    "Task worker: the database is locked by another writer; "
                    "trying again in %.0f s.",
                    wait,
                )
                close_old_connections()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)
                # The task loop starts again without the start-up pause.
                self.startup_delay = False

    def run_task(self, db_task_result) -> None:
        self.running_task = True
        try:
            self._run_and_record(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _run_and_record(self, db_task_result) -> None:
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend = task.get_backend()
            task_started.send(sender=backend, task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
        except Exception as error:
            if is_database_busy(error) and len(db_task_result.worker_ids) < MOST_ATTEMPTS:
                self._until_written(lambda: _requeue(db_task_result))
                logger.warning(
                    "Task %s met a locked database; it runs again in %d s.",
                    db_task_result.task_path,
                    REQUEUE_DELAY.total_seconds(),
                )
                return
            self._record_failure(db_task_result, error)
            return
        try:
            self._until_written(lambda: db_task_result.set_successful(value))
        except Exception as error:
            # A value that cannot be stored (not JSON) fails the task, as upstream does.
            self._record_failure(db_task_result, error)
            return
        task_finished.send(sender=backend, task_result=db_task_result.task_result)

    def _record_failure(self, db_task_result, error) -> None:
        self._until_written(lambda: db_task_result.set_failed(error))
        try:
            sender = type(db_task_result.task.get_backend())
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
        except Exception:
            logger.exception("Task id=%s failed unexpectedly", db_task_result.id)

    def _until_written(self, write) -> None:
        """Run ``write`` until the database lets it through; other errors go up."""
        wait = FIRST_WAIT_SECONDS
        while True:
            try:
                return write()
            except Exception as error:
                if not is_database_busy(error):
                    raise
                logger.warning(
                    "Task worker: the database is locked; recording a task's result "
                    "again in %.0f s.",
                    wait,
                )
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT_SECONDS)


def _requeue(db_task_result) -> None:
    db_task_result.status = TaskResultStatus.READY
    db_task_result.started_at = None
    db_task_result.run_after = timezone.now() + REQUEUE_DELAY
    db_task_result.save(update_fields=["status", "started_at", "run_after"])
