"""The sliding-window counter behind rate limits."""

import pytest

from broadsheet.core.ratelimit import Limit, hit

HOUR = 3600
START = 1_700_000_000 // HOUR * HOUR  # the start of an hour


@pytest.fixture
def limit():
    return Limit("test", count=3, window=HOUR)


def test_hits_up_to_the_count_pass_and_the_next_waits(limit):
    results = [hit(limit, "reader", now=START + n) for n in range(4)]

    assert results[:3] == [None, None, None]
    assert results[3] == HOUR - 3


def test_keys_are_counted_apart(limit):
    for n in range(3):
        hit(limit, "one", now=START + n)

    assert hit(limit, "two", now=START + 10) is None


def test_the_last_window_still_weighs_at_the_start_of_the_next(limit):
    for n in range(3):
        hit(limit, "reader", now=START + n)

    # Five minutes into the next hour, the last hour's three still count for most of it.
    assert hit(limit, "reader", now=START + HOUR + 300) is not None


def test_the_last_window_fades_as_time_goes_on(limit):
    for n in range(3):
        hit(limit, "reader", now=START + n)

    assert hit(limit, "reader", now=START + HOUR + HOUR * 3 // 4) is None


def test_a_zero_count_means_no_limit():
    assert all(hit(Limit("test", count=0), "reader", now=START) is None for _ in range(100))
