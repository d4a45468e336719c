"""The admin dashboard shows how the background task queue is doing."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from broadsheet.operations.selectors import task_queue_health

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2021, 3, 1, 12, 0, tzinfo=timezone.get_current_timezone())
ECHO = "broadsheet.operations.tests.tasks.echo"


def _task(*, status="READY", enqueued_at, finished_at=None, exception=""):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path=ECHO,
        backend_name="default",
        run_after=get_date_max(),
        status=status,
        finished_at=finished_at,
        exception_class_path=exception,
    )
    # enqueued_at is set on creation whatever one passes.
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued_at)
    return task


def test_health_counts_waiting_running_and_recent_failures():
    _task(enqueued_at=NOON - dt.timedelta(minutes=2))
    _task(enqueued_at=NOON - dt.timedelta(minutes=1))
    _task(status="RUNNING", enqueued_at=NOON)
    _task(
        status="FAILED",
        enqueued_at=NOON - dt.timedelta(hours=1),
        finished_at=NOON - dt.timedelta(hours=1),
        exception="builtins.ValueError",
    )
    _task(
        status="FAILED",
        enqueued_at=NOON - dt.timedelta(days=3),
        finished_at=NOON - dt.timedelta(days=3),
    )

    health = task_queue_health(now=NOON)

    assert (health.waiting, health.running, health.failed_recently) == (2, 1, 1)
    assert health.oldest_waiting_since == NOON - dt.timedelta(minutes=2)
    assert health.last_failure.exception_class_path == "builtins.ValueError"
    assert not health.stale


def test_health_is_stale_when_a_task_waited_over_five_minutes():
    _task(enqueued_at=NOON - dt.timedelta(minutes=6))

    assert task_queue_health(now=NOON).stale


def _panel(admin_client):
    html = admin_client.get("/admin/").content
    return BeautifulSoup(html, "html.parser").find(id="task-queue-heading").parent


def test_dashboard_warns_when_tasks_wait_with_no_worker(admin_client):
    _task(enqueued_at=timezone.now() - dt.timedelta(minutes=30))

    panel = _panel(admin_client)

    assert "the task worker" in panel.find(role="alert").get_text()
    waiting = " ".join(panel.select_one(".task-queue-waiting").get_text().split())
    assert waiting == "1 task waiting, the oldest since 30 minutes ago"


def test_dashboard_names_the_latest_failure(admin_client):
    finished = timezone.now() - dt.timedelta(hours=2)
    _task(
        status="FAILED", enqueued_at=finished, finished_at=finished, exception="builtins.KeyError"
    )

    failures = " ".join(_panel(admin_client).select_one(".task-queue-failures").get_text().split())

    assert failures.startswith(
        f"1 failed in the last 24 hours; the latest: {ECHO} (builtins.KeyError)"
    )


def test_dashboard_keeps_the_panel_from_editors(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", password="password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert "task-queue-heading" not in client.get("/admin/").content.decode()
