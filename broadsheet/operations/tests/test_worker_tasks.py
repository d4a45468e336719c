"""A task that meets a locked database goes back in the queue; a real error fails it."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from broadsheet.operations.worker import ResilientWorker

pytestmark = pytest.mark.django_db


def _queued(task_path):
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        worker_ids=["test-worker"],
    )


@pytest.fixture
def worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return ResilientWorker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )


def test_a_task_that_meets_a_lock_runs_again_a_little_later(worker):
    queued = _queued("broadsheet.operations.tests.tasks.meets_a_lock")

    worker.run_task(queued)

    queued.refresh_from_db()
    assert queued.status == "READY"
    assert timezone.now() < queued.run_after < get_date_max()


def test_a_task_with_a_real_error_is_marked_failed(worker):
    queued = _queued("broadsheet.operations.tests.tasks.breaks")

    worker.run_task(queued)

    queued.refresh_from_db()
    assert (queued.status, queued.exception_class_path) == ("FAILED", "builtins.ValueError")


def test_a_task_that_keeps_meeting_the_lock_fails_in_the_end(worker):
    queued = _queued("broadsheet.operations.tests.tasks.meets_a_lock")
    queued.worker_ids = ["w"] * 10
    queued.save()

    worker.run_task(queued)

    queued.refresh_from_db()
    assert queued.status == "FAILED"


def test_a_successful_task_records_its_result(worker):
    queued = _queued("broadsheet.operations.tests.tasks.echo")
    queued.args_kwargs = {"args": ["hello"], "kwargs": {}}
    queued.save()

    worker.run_task(queued)

    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "hello")
