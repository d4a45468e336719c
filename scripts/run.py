"""`make run`: prepare the database, the demo content and an admin account, then serve.

Runs with the virtualenv's Python. Beside the server run the task worker
(search indexing, view counts and other background work are queued as tasks)
and a small loop for scheduled posts, because Wagtail publishes them only when
`publish_scheduled` runs and nothing else would run it.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISH_SCHEDULED_EVERY_SECONDS = 60


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


def publish_scheduled_forever(stop: threading.Event) -> None:
    # Also the newsletter's weekly digest and the moderators' email, queued when due.
    while not stop.wait(PUBLISH_SCHEDULED_EVERY_SECONDS):
        for command in ("publish_scheduled", "newsletter_digest", "comments_moderation_digest"):
            subprocess.run(
                [sys.executable, "manage.py", command],
                cwd=ROOT,
                check=False,
                stdout=subprocess.DEVNULL,
            )


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
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "-v", "0"],
        cwd=ROOT,
    )
    stop = threading.Event()
    threading.Thread(target=publish_scheduled_forever, args=(stop,), daemon=True).start()
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
        stop.set()
        worker.terminate()
        worker.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
