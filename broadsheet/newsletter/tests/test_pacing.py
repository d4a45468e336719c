"""The throttle: messages leave at most at the rate Settings → Newsletter allows.

The pacer is driven by a clock of the test's own, so that what is checked is the
schedule it keeps, never how long the shared machine took.
"""

import pytest

from broadsheet.newsletter.transport import Pacer


class Clock:
    """Time that passes only when someone sleeps; records when each message left."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    # The schedule is shared by the worker process; this test starts it afresh.
    monkeypatch.setattr(Pacer, "_next_at", 0.0)
    return Clock()


def _send(pacer: Pacer, clock: Clock, count: int) -> list[float]:
    left_at = []
    for _ in range(count):
        pacer.wait()
        left_at.append(round(clock.now, 6))
    return left_at


def test_sixty_a_minute_sends_one_a_second(clock):
    pacer = Pacer(60, clock=clock.monotonic, sleep=clock.sleep)

    assert _send(pacer, clock, 4) == [0.0, 1.0, 2.0, 3.0]


def test_the_next_batch_keeps_the_pace_of_the_one_before(clock):
    first = Pacer(120, clock=clock.monotonic, sleep=clock.sleep)
    _send(first, clock, 3)
    second = Pacer(120, clock=clock.monotonic, sleep=clock.sleep)

    assert _send(second, clock, 2) == [1.5, 2.0]


def test_a_pause_between_messages_is_not_made_up_with_a_burst(clock):
    pacer = Pacer(60, clock=clock.monotonic, sleep=clock.sleep)
    _send(pacer, clock, 2)
    clock.now = 10.0  # Composing the next message took a while.

    assert _send(pacer, clock, 3) == [10.0, 11.0, 12.0]


def test_no_limit_never_waits(clock):
    pacer = Pacer(0, clock=clock.monotonic, sleep=clock.sleep)

    assert _send(pacer, clock, 100) == [0.0] * 100
