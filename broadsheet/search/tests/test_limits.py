"""No search a reader can type holds the site up: bounded in words, in time, in number."""

import threading

import pytest
from django.db import connection

from broadsheet.blog.tests import factories
from broadsheet.search import limits
from broadsheet.search.query import MAX_QUERY_TERMS, clean_query
from broadsheet.search.tests.pages import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_posts(blog_index):
    return [factories.post(f"Talks resume in Geneva, round {n}") for n in range(3)]


def test_only_the_first_words_of_a_very_wordy_query_are_searched():
    text, shortened = clean_query(" ".join("abcdefghijklmnopqrstuvwxyz"))

    assert shortened
    assert text.split() == list("abcdefghijkl")[:MAX_QUERY_TERMS]


def test_a_phrase_counts_as_one_term():
    query = " ".join(['"ab cd"'] * MAX_QUERY_TERMS)

    assert clean_query(query) == (query, False)


@pytest.fixture
def slow_search(indexed_posts, settings, monkeypatch):
    """The next search's first query runs past the time limit, as on a huge archive."""
    if connection.vendor == "sqlite":
        # No time at all, checked at every step: the first query runs out at once.
        settings.SEARCH_TIME_LIMIT_SECONDS = -1
        monkeypatch.setattr(limits, "PROGRESS_STEPS", 1)
        yield
        return
    # Another session holds the search index: the search waits, and its limit stops it.
    settings.SEARCH_TIME_LIMIT_SECONDS = 0.3
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("LOCK TABLE wagtailsearch_indexentry IN ACCESS EXCLUSIVE MODE")
    yield
    other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_search_that_runs_out_of_time_is_stopped_with_a_message(client, slow_search):
    response = client.get("/search/", {"q": "geneva talks"})

    assert response.status_code == 503
    assert "took too long and was stopped" in response.content.decode()
    assert 'value="geneva talks"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_time_limit_is_lifted_after_the_search(client, slow_search):
    client.get("/search/", {"q": "geneva"})

    # Other pages' queries on the same connection are not stopped.
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM wagtailcore_page")
        assert cursor.fetchone()[0] > 0
    assert client.get("/blog/").status_code == 200


def test_a_search_in_time_leaves_no_limit_on_the_queries_after_it(client, indexed_posts):
    assert client.get("/search/", {"q": "geneva"}).status_code == 200

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"


def test_searches_beyond_the_slots_are_told_to_come_back(client, indexed_posts, monkeypatch):
    monkeypatch.setattr(limits, "QUEUE_SECONDS", 0.01)
    held = [limits._running.acquire() for _ in range(limits.SEARCHES_AT_ONCE)]
    try:
        response = client.get("/search/", {"q": "geneva"})
    finally:
        for _ in held:
            limits._running.release()

    assert response.status_code == 503
    assert "try again in a few seconds" in response.content.decode()
    assert response["Retry-After"]


def test_a_search_waits_for_a_slot_that_comes_free(client, indexed_posts):
    limits._running.acquire()
    threading.Timer(0.2, limits._running.release).start()
    for _ in range(limits.SEARCHES_AT_ONCE - 1):
        limits._running.acquire()
    try:
        html = search(client, q="geneva")
    finally:
        for _ in range(limits.SEARCHES_AT_ONCE - 1):
            limits._running.release()

    assert "Talks resume in Geneva" in html
