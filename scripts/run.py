"""`make run`: prepare the database, the demo content and an admin account, then serve.

Runs with the virtualenv's Python. Beside the server run the task worker
(search indexing, view counts and other background work are queued as tasks)
and the scheduler (`manage.py scheduler`), because Wagtail publishes scheduled posts
only when `publish_scheduled` runs and nothing else would run it. Both are watched:
one that stops is started again, and the terminal says so.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from broadsheet.operations.supervision import Child, Supervisor  # noqa: E402


def manage(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, **kwargs)


def site_is_empty() -> bool:
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from broadsheet.blog.models import PostPage; print(PostPage.objects.exists())",
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] == "False"


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.dev")
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    # Links in emails (confirmations, the newsletter) lead back to this server.
    os.environ.setdefault("BROADSHEET_BASE_URL", f"http://{host}:{port}")
    manage("migrate", "--noinput", "-v", "0")
    if site_is_empty():
        manage("demo")
    manage("ensure_admin")
    manage_py = [sys.executable, "manage.py"]
    helpers = Supervisor(
        [
            Child(
                "task worker",
                [*manage_py, "db_worker", "--queue-name", "*", "--no-reload", "-v", "0"],
                cwd=ROOT,
            ),
            Child("scheduler", [*manage_py, "scheduler"], cwd=ROOT),
        ]
    )
    helpers.start()
    # A plain `kill` ends the helpers too, as Ctrl-C does, instead of orphaning them.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"Broadsheet is running at http://{host}:{port}/ (admin: /admin/). Ctrl-C stops it.")
    server = [
        str(Path(sys.executable).parent / "granian"),
        "--interface", "wsgi",
        "--host", host,
        "--port", port,
        # One worker per core: kept pages are answered in Python, before Django.
        "--workers", os.environ.get("WORKERS", str(os.cpu_count() or 1)),
        "--blocking-threads", os.environ.get("THREADS", "8"),
        "--no-access-log",
        "broadsheet.wsgi:application",
    ]  # fmt: skip
    try:
        return subprocess.call(server, cwd=ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        helpers.stop()


if __name__ == "__main__":
    sys.exit(main())
