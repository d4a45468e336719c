"""`make run`'s supervisor restarts a helper process that stops, and says so."""

import io
import sys
import time

from broadsheet.operations.supervision import Child, Supervisor

PATIENCE_SECONDS = 60


def _check_until(supervisor, condition):
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline and not condition():
        supervisor.check()
        time.sleep(0.05)


def test_a_child_that_stops_is_started_again_and_the_terminal_is_told(tmp_path):
    runs = tmp_path / "runs"
    # Each run leaves a mark, then fails as the task worker did on a locked database.
    script = f"open({str(runs)!r}, 'a').write('ran\\n'); raise SystemExit(3)"
    out = io.StringIO()
    supervisor = Supervisor([Child("task worker", [sys.executable, "-c", script])], out=out)
    for child in supervisor.children:
        child.start()
    try:
        _check_until(supervisor, lambda: runs.exists() and runs.read_text().count("ran") >= 2)
    finally:
        supervisor.stop()

    assert runs.read_text().count("ran") >= 2
    said = out.getvalue()
    assert "task worker stopped (exit code 3); restarting it in 1 s." in said
    assert "task worker restarted (restart 1)." in said


def test_a_child_that_keeps_failing_waits_longer_each_time(tmp_path):
    out = io.StringIO()
    failing = Child("scheduler", [sys.executable, "-c", "raise SystemExit(1)"])
    supervisor = Supervisor([failing], out=out)
    failing.start()
    try:
        _check_until(supervisor, lambda: failing.restarts >= 2 and failing.restart_due)
    finally:
        supervisor.stop()

    delays = [
        line.split("restarting it in ")[1]
        for line in out.getvalue().splitlines()
        if "restarting it in" in line
    ]
    assert delays[:3] == ["1 s.", "2 s.", "4 s."]


def test_stop_ends_every_child(tmp_path):
    sleeper = Child("task worker", [sys.executable, "-c", "import time; time.sleep(600)"])
    supervisor = Supervisor([sleeper], out=io.StringIO())
    supervisor.start()

    supervisor.stop()

    assert sleeper.process.poll() is not None
