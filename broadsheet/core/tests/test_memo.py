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


def _under_both(generation, whole):
    return memo.current_generation.set(generation), memo.current_whole_generation.set(whole)


def _reset(tokens):
    memo.current_generation.reset(tokens[0])
    memo.current_whole_generation.reset(tokens[1])


def test_a_site_wide_value_outlives_the_purge_of_a_post():
    memo.forget(site_wide=True)
    tokens = _under_both(1, 1)
    memo.remember_site_wide("site", lambda: "The Desk")
    memo.remember("recent", lambda: ["old"])
    _reset(tokens)

    # A post was published elsewhere: the generation rose, the whole generation did not.
    tokens = _under_both(2, 1)
    try:
        assert memo.remember_site_wide("site", lambda: "read again") == "The Desk"
        assert memo.remember("recent", lambda: ["new"]) == ["new"]
    finally:
        _reset(tokens)


def test_a_site_wide_value_is_read_again_once_every_page_was_purged():
    memo.forget(site_wide=True)
    tokens = _under_both(1, 1)
    memo.remember_site_wide("site", lambda: "The Desk")
    _reset(tokens)

    tokens = _under_both(2, 2)
    try:
        assert memo.remember_site_wide("site", lambda: "The Newsroom") == "The Newsroom"
    finally:
        _reset(tokens)


def test_forgetting_in_this_process_keeps_site_wide_values_unless_asked():
    tokens = _under_both(1, 1)
    try:
        memo.forget(site_wide=True)
        memo.remember_site_wide("site", lambda: "The Desk")
        memo.forget()
        assert memo.remember_site_wide("site", lambda: "again") == "The Desk"
        memo.forget(site_wide=True)
        assert memo.remember_site_wide("site", lambda: "again") == "again"
    finally:
        _reset(tokens)
