"""Real task workers (`manage.py db_worker`) in subprocesses, sharing the test's database.

On PostgreSQL a worker connects to the test database itself, which a
``transaction=True`` test has committed to. SQLite's test database lives in the test
process's memory: it is copied to a file for the workers (SQLite's backup API), and
copied back once they are done, so that the test reads what they wrote.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

MANAGE = Path(settings.BASE_DIR) / "manage.py"


class SharedDatabase:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "worker.sqlite3" if connection.vendor == "sqlite" else None

    def __enter__(self) -> "SharedDatabase":
        if self.file is not None:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.file is not None:
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)

    @property
    def url(self) -> str:
        if self.file is not None:
            return f"sqlite:///{self.file}"
        params = connection.settings_dict
        host = quote(params["HOST"] or "", safe="")
        port = f":{params['PORT']}" if params["PORT"] else ""
        credentials = quote(params["USER"] or "", safe="")
        if params["PASSWORD"]:
            credentials += ":" + quote(params["PASSWORD"], safe="")
        return f"postgres://{credentials}@{host}{port}/{params['NAME']}"

    def scalar(self, sql: str):
        """One value, read while workers run (not through the test's own connection)."""
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=20) as reader:
                return reader.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def wait_until(self, sql: str, *, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.scalar(sql):
            if time.monotonic() > deadline:
                raise AssertionError(f"still not true after {timeout:.0f} s: {sql}")
            time.sleep(0.2)


class Worker:
    """``manage.py db_worker`` for every queue, its output kept in ``log``."""

    def __init__(self, database: SharedDatabase, *, email_url: str, **environment) -> None:
        self.log = database.folder / f"worker-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "broadsheet.newsletter.tests.worker_settings",
            "DATABASE_URL": database.url,
            "EMAIL_URL": email_url,
            **{name: str(value) for name, value in environment.items()},
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(MANAGE),
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval",
                    "0.1",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no clean-up, no last write, as when a machine loses power."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")
