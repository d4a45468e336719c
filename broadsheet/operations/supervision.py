"""Keeping `make run`'s helper processes alive, and saying so when one stops.

Plain standard library, no Django: scripts/run.py uses it before any settings load.
"""

import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

# A child that ran this long before stopping counts as healthy: its next restart is quick.
STABLE_AFTER_SECONDS = 60.0
FIRST_RESTART_DELAY = 1.0
LONGEST_RESTART_DELAY = 30.0


@dataclass
class Child:
    """One process to keep running: a name for the terminal and its command line."""

    name: str
    argv: Sequence[str]
    cwd: Path | None = None
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_delay: float = FIRST_RESTART_DELAY
    restarts: int = 0
    restart_due: float | None = field(default=None, repr=False)

    def start(self) -> None:
        # The command lines are scripts/run.py's own, never from input.
        self.process = subprocess.Popen(self.argv, cwd=self.cwd)  # noqa: S603
        self.started_at = time.monotonic()
        self.restart_due = None


class Supervisor:
    """Starts children, restarts each one that stops, and stops them all at the end.

    A child that keeps failing at once is restarted after a doubling delay (1 s, 2 s,
    4 s, up to 30 s), so a broken configuration does not spin the processor.
    """

    def __init__(self, children: Sequence[Child], *, out: TextIO = sys.stdout, poll=0.5):
        self.children = list(children)
        self.out = out
        self.poll = poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def say(self, message: str) -> None:
        print(f"[supervisor] {message}", file=self.out, flush=True)

    def start(self) -> None:
        for child in self.children:
            child.start()
        self._thread = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._thread.start()

    def check(self) -> None:
        """One look at every child: notice a stop, restart what is due."""
        now = time.monotonic()
        for child in self.children:
            if child.restart_due is not None:
                if now >= child.restart_due:
                    child.restarts += 1
                    child.start()
                    self.say(f"{child.name} restarted (restart {child.restarts}).")
                continue
            code = child.process.poll() if child.process is not None else None
            if code is None:
                continue
            if now - child.started_at >= STABLE_AFTER_SECONDS:
                child.restart_delay = FIRST_RESTART_DELAY
            self.say(
                f"{child.name} stopped ({_exit_description(code)}); "
                f"restarting it in {child.restart_delay:.0f} s."
            )
            child.restart_due = now + child.restart_delay
            child.restart_delay = min(child.restart_delay * 2, LONGEST_RESTART_DELAY)

    def _watch(self) -> None:
        while not self._stop.wait(self.poll):
            self.check()

    def stop(self, *, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for child in self.children:
            if child.process is not None and child.process.poll() is None:
                child.process.terminate()
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()


def _exit_description(code: int) -> str:
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"
