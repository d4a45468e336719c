"""Which matches a search ranks on a big archive: the newest ones that pass its filters,
however many newer matches the filters leave out (ranking.py and each database's own).

The limits are made tiny here so that a handful of posts takes the paths a big archive
takes: few matches read from the index, many matches walked newest first, and the
filter's own posts read newest first in widening windows.
"""

import datetime as dt

import pytest
from django.db import connection

from broadsheet.blog.tests import factories
from broadsheet.search import ranking
from broadsheet.search.tests.pages import count_line, result_titles, search

pytestmark = pytest.mark.django_db

FILLER = "Delegations met on Monday for the first time since the talks broke down. " * 4


def on(year: int, day: int = 1) -> dt.datetime:
    return dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)


@pytest.fixture(params=["few matches", "many matches"])
def small_limits(request, monkeypatch):
    """Two ranked; on "many matches", every search counts as matching many posts."""
    monkeypatch.setattr(ranking, "MOST_RANKED", 2)
    many = request.param == "many matches"
    if connection.vendor != "sqlite":
        # One query, whose start PostgreSQL's statistics choose: one path to test.
        if many:
            pytest.skip("PostgreSQL answers both with the same query")
        return
    from broadsheet.search import sqlite_ranking

    # One match read before reading the filter's posts, in windows of 3, then 6…
    monkeypatch.setattr(sqlite_ranking, "WALKED_MATCHES", 1 if many else 1000)
    monkeypatch.setattr(sqlite_ranking, "WINDOW_GROWTH", 2)


def test_a_filter_finds_old_matches_behind_many_newer_ones_it_leaves_out(client, small_limits):
    economy, region = factories.category("Economy"), factories.category("Region")
    for n in range(2):
        factories.post(f"Old talks {n}", category=region, date=on(2015, n))
    for n in range(6):
        factories.post(f"New talks {n}", category=economy, date=on(2021, n))

    html = search(client, q="talks", category="region")

    assert sorted(result_titles(html)) == ["Old talks 0", "Old talks 1"]
    assert count_line(html) == "2 results for “talks”"


def test_windows_widen_past_newer_posts_of_the_filter_that_do_not_match(client, small_limits):
    region = factories.category("Region")
    factories.post("Geneva talks", category=region, date=on(2015))
    # Newer posts of the same section, without the word: more than a window's worth.
    for n in range(7):
        factories.post(f"Markets {n}", category=region, date=on(2021, n))

    assert result_titles(search(client, q="geneva", category="region")) == ["Geneva talks"]


def test_past_the_ranked_the_newest_matches_of_the_filter_are_shown(client, small_limits):
    author = factories.author("Hanna Lindqvist")
    for year in (2019, 2020, 2021):
        factories.post(f"Talks in {year}", author=author, date=on(year))
    factories.post("Talks elsewhere", date=on(2022))

    html = search(client, q="talks", author="hanna-lindqvist")

    assert sorted(result_titles(html)) == ["Talks in 2020", "Talks in 2021"]
    assert count_line(html) == "More than 2 results for “talks”"


def test_the_newest_are_found_by_date_whatever_order_posts_were_written_in(client, small_limits):
    # Written newest first (as an import from a feed may), so the index's order is
    # the dates' reverse.
    region = factories.category("Region")
    for year in (2021, 2020, 2019):
        factories.post(f"Talks in {year}", category=region, date=on(year))

    assert sorted(result_titles(search(client, q="talks", category="region"))) == [
        "Talks in 2020",
        "Talks in 2021",
    ]


def test_a_word_left_out_is_left_out_when_walking_the_filter(client, small_limits):
    region = factories.category("Region")
    factories.post("Truce", category=region, paragraphs=["In Geneva, a ceasefire."], date=on(2015))
    factories.post("Talks", category=region, paragraphs=["In Geneva, talks."], date=on(2016))
    for n in range(4):
        factories.post(f"Markets {n}", category=region, date=on(2021, n))

    html = search(client, q="geneva -ceasefire", category="region")

    assert result_titles(html) == ["Talks"]


def test_a_phrase_stays_exact_when_walking_the_filter(client, small_limits):
    region = factories.category("Region")
    factories.post("Exact", category=region, paragraphs=["The peace talks resumed."], date=on(2015))
    factories.post(
        "Scattered", category=region, paragraphs=["Talks about peace stalled."], date=on(2016)
    )
    for n in range(4):
        factories.post(f"Markets {n}", category=region, date=on(2021, n))

    assert result_titles(search(client, q='"peace talks"', category="region")) == ["Exact"]


def test_without_filters_a_word_left_out_leaves_out_every_post_with_it(client, small_limits):
    for n in range(3):
        factories.post(f"Truce {n}", paragraphs=["Geneva: a ceasefire."], date=on(2021, n))
    factories.post("Talks", paragraphs=["Geneva: talks."], date=on(2015))

    html = search(client, q="geneva -ceasefire")

    assert result_titles(html) == ["Talks"]
    assert count_line(html) == "1 result for “geneva -ceasefire”"


def test_a_title_match_still_ranks_first_among_the_newest(client, small_limits):
    region = factories.category("Region")
    factories.post("Weekly roundup", category=region, paragraphs=["Geneva."], date=on(2021, 2))
    factories.post("Geneva", category=region, paragraphs=["Talks."], date=on(2021, 1))
    factories.post("Markets", category=region, date=on(2021, 3))

    assert result_titles(search(client, q="geneva", category="region")) == [
        "Geneva",
        "Weekly roundup",
    ]


def test_the_most_relevant_first_unless_the_words_are_in_most_posts(client, small_limits, request):
    factories.post(
        "Dispatch one", paragraphs=["Geneva. Geneva talks. Geneva again."], date=on(2020)
    )
    factories.post("Dispatch two", paragraphs=[f"{FILLER} Geneva."], date=on(2021))

    titles = result_titles(search(client, q="geneva"))

    if request.node.callspec.params["small_limits"] == "few matches":
        assert titles == ["Dispatch one", "Dispatch two"]
    else:
        # On SQLite, bm25() would weigh a word in most posts at next to nothing.
        assert titles == ["Dispatch two", "Dispatch one"]


def test_a_word_in_many_old_posts_but_no_new_one_still_weighs(client, monkeypatch):
    if connection.vendor == "sqlite":
        from broadsheet.search import sqlite_ranking

        monkeypatch.setattr(sqlite_ranking, "WALKED_MATCHES", 2)
    factories.post(
        "Dispatch one", paragraphs=["Geneva. Geneva talks. Geneva again."], date=on(2015)
    )
    factories.post("Dispatch two", paragraphs=[f"{FILLER} Geneva."], date=on(2016))
    for n in range(4):
        factories.post(f"Markets {n}", date=on(2021, n))

    assert result_titles(search(client, q="geneva")) == ["Dispatch one", "Dispatch two"]
