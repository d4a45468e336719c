"""The task worker keeps going through a locked database: real processes, a real file."""

import sqlite3
import time

import pytest

from broadsheet.core.tests.file_site import file_site

# Generous: the machine is shared. Only reached when something is wrong.
PATIENCE_SECONDS = 90
LOCK_SECONDS = 4


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return file_site(tmp_path_factory.mktemp("worker-site"))


def _enqueue(site, text):
    site.manage(
        "shell",
        "--no-imports",
        "-c",
        f"from broadsheet.operations.tests.tasks import echo; echo.enqueue({text!r})",
    )


def _finished(site, text):
    """The status of the echo task given ``text``, read straight from the file."""
    with sqlite3.connect(site.database, timeout=30) as db:
        row = db.execute(
            "SELECT status, return_value FROM django_tasks_database_dbtaskresult "
            "WHERE args_kwargs LIKE ?",
            (f"%{text}%",),
        ).fetchone()
    return row


def _wait_for_success(site, text, worker):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        row = _finished(site, text)
        if row is not None and row[0] == "SUCCESSFUL":
            return row
        if worker.poll() is not None:
            return row
        time.sleep(0.2)
    return _finished(site, text)


def test_worker_survives_a_write_lock_held_past_the_busy_timeout(site, tmp_path):
    log = tmp_path / "worker.log"
    worker = site.start(
        "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.2",
        "--no-startup-delay", log=log,
    )  # fmt: skip
    try:
        _enqueue(site, "before the lock")
        assert _wait_for_success(site, "before the lock", worker) == (
            "SUCCESSFUL",
            '"before the lock"',
        )

        # The busy timeout is 1 s: the worker meets the lock several times.
        with site.write_lock():
            time.sleep(LOCK_SECONDS)
        _enqueue(site, "after the lock")
        row = _wait_for_success(site, "after the lock", worker)

        assert worker.poll() is None, log.read_text()
        assert row == ("SUCCESSFUL", '"after the lock"')
        assert "the database is locked" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
