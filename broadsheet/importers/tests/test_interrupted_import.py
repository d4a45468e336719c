"""An import killed outright (kill -9, a power cut) leaves only whole posts, and a second
run finishes the job. Runs the real command in a process of its own, on a SQLite file."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from broadsheet.importers.services import POSTS_AT_ONCE
from broadsheet.importers.tests.wxr_export import wxr_export

ROOT = Path(__file__).resolve().parents[3]
# Three transactions' worth: the kill comes once the first is stored, mid-run.
POSTS = 3 * POSTS_AT_ONCE
COMMENTS_PER_POST = 2
KILL_AFTER_POSTS = 5
PATIENCE_SECONDS = 600


def manage(*args, env, **options):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, **options)


def stored(database: Path):
    """Each stored post's (body, comment count), read while the import may be writing."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
        return connection.execute(
            "SELECT post.body, COUNT(comment.id) FROM blog_postpage AS post "
            "LEFT JOIN comments_comment AS comment ON comment.post_id = post.page_ptr_id "
            "GROUP BY post.page_ptr_id"
        ).fetchall()


def assert_whole(posts):
    for body, comments in posts:
        assert "Paragraph one of post" in body
        assert comments == COMMENTS_PER_POST


# No django_db: the test's database is a file of its own, used by other processes.
def test_an_import_killed_midway_leaves_whole_posts_and_a_second_run_finishes(tmp_path):
    database = tmp_path / "broadsheet.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "BROADSHEET_TEST_MEDIA": str(tmp_path / "media"),
    }
    assert manage("migrate", "--no-input", env=env, stdout=subprocess.DEVNULL).wait() == 0
    export = tmp_path / "export.xml"
    export.write_text(wxr_export(POSTS, comments_per_post=COMMENTS_PER_POST), encoding="utf-8")

    first = manage("import", str(export), env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + PATIENCE_SECONDS
    while len(stored(database)) < KILL_AFTER_POSTS and first.poll() is None:
        assert time.monotonic() < deadline, "the import stored no posts in time"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()

    after_kill = stored(database)
    assert KILL_AFTER_POSTS <= len(after_kill) < POSTS
    assert_whole(after_kill)

    second = manage("import", str(export), env=env, stdout=subprocess.PIPE, text=True)
    output, _ = second.communicate(timeout=PATIENCE_SECONDS)

    assert second.returncode == 0
    finished = stored(database)
    assert len(finished) == POSTS
    assert_whole(finished)
    posts_row = next(line.split() for line in output.splitlines() if line.split()[:1] == ["posts"])
    created, updated, unchanged = map(int, posts_row[1:4])
    assert (created, updated, unchanged) == (POSTS - len(after_kill), 0, len(after_kill))
