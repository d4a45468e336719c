"""Reads remembered between purges: reused while nothing changed, read again after."""

from broadsheet.core import memo


def _under(generation):
    return memo.current_generation.set(generation)


def test_a_value_is_computed_once_while_the_generation_holds():
    calls = []
    token = _under(1)
    try:
        memo.forget()
        first = memo.remember("answer", lambda: calls.append(1) or 42)
        second = memo.remember("answer", lambda: calls.append(1) or 43)
    finally:
        memo.current_generation.reset(token)

    assert (first, second, len(calls)) == (42, 42, 1)


def test_a_purge_elsewhere_raises_the_generation_and_the_value_is_read_again():
    token = _under(1)
    memo.remember("answer", lambda: "old")
    memo.current_generation.reset(token)

    token = _under(2)
    try:
        assert memo.remember("answer", lambda: "new") == "new"
    finally:
        memo.current_generation.reset(token)


def test_forget_drops_values_at_once_in_this_process():
    token = _under(1)
    try:
        memo.remember("answer", lambda: "old")
        memo.forget()
        assert memo.remember("answer", lambda: "new") == "new"
    finally:
        memo.current_generation.reset(token)


def test_outside_a_request_nothing_is_remembered():
    values = iter(["first", "second"])

    assert memo.remember("answer", lambda: next(values)) == "first"
    assert memo.remember("answer", lambda: next(values)) == "second"


def test_recall_and_keep():
    token = _under(5)
    try:
        memo.forget()
        assert memo.recall("site") == (False, None)
        memo.recall("site")
        memo.keep("site", None)
        assert memo.recall("site") == (True, None)
    finally:
        memo.current_generation.reset(token)
