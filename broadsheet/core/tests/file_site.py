"""A real site on a file SQLite database, for tests that run manage.py in processes."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class FileSite:
    folder: Path
    database: Path
    env: dict

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    def start(self, *args: str, log: Path) -> subprocess.Popen:
        with log.open("w") as out:
            return subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    @contextmanager
    def serving(self, log: Path):
        """The site served by Django's runserver on a free loopback port; yields its URL."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = self.start("runserver", f"127.0.0.1:{port}", "--noreload", log=log)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_answering(url, server, log)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)

    @contextmanager
    def write_lock(self):
        """What a long import or any long transaction does: hold the write lock."""
        db = sqlite3.connect(self.database, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            yield
            db.execute("COMMIT")
        finally:
            db.close()


def _wait_until_answering(url, server, log, *, patience=60):
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=5)  # noqa: S310
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer:\n{log.read_text()}")


def file_site(folder: Path, *, busy_timeout_seconds: int = 1) -> FileSite:
    """A migrated site whose SQLite busy timeout is short, so a held lock soon shows."""
    database = folder / "site.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.dev",
        "BROADSHEET_VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{database}?timeout={busy_timeout_seconds}",
        "MEDIA_ROOT": str(folder / "media"),
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    site = FileSite(folder=folder, database=database, env=env)
    site.manage("migrate", "--noinput", "-v", "0")
    return site
