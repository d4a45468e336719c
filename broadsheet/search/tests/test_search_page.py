import datetime as dt

import pytest
from django.urls import reverse

from broadsheet.blog.tests import factories
from broadsheet.search import ranking
from broadsheet.search.tests.pages import count_line, passages, result_titles, search

pytestmark = pytest.mark.django_db

FILLER = "Delegations met on Monday for the first time since the talks broke down. " * 4


def test_a_word_only_in_the_body_finds_the_post(client):
    factories.post("Talks resume", paragraphs=[FILLER, "The envoy flew in from Montreux."])
    factories.post("Markets close higher")

    assert result_titles(search(client, q="montreux")) == ["Talks resume"]


def test_the_author_name_finds_their_posts(client):
    factories.post("Talks resume", author=factories.author("Hanna Lindqvist"))
    factories.post("Markets close higher")

    assert result_titles(search(client, q="Lindqvist")) == ["Talks resume"]


def test_a_tag_finds_its_posts(client):
    factories.post("Talks resume", tags=["Diplomacy"])
    factories.post("Markets close higher", tags=["Economy"])

    assert result_titles(search(client, q="diplomacy")) == ["Talks resume"]


def test_the_category_name_finds_its_posts(client):
    factories.post("Talks resume", category=factories.category("Middle East"))
    factories.post("Markets close higher")

    assert result_titles(search(client, q="middle east")) == ["Talks resume"]


def test_a_title_match_ranks_above_a_body_only_match(client):
    # Made first, so older and with the lower id: no tie-break favours it.
    factories.post("Geneva", paragraphs=[FILLER])
    factories.post("Weekly roundup", paragraphs=["Geneva. Geneva again, and Geneva."])

    assert result_titles(search(client, q="geneva")) == ["Geneva", "Weekly roundup"]


def test_a_quoted_phrase_matches_only_that_exact_sequence(client):
    factories.post("Exact", paragraphs=["The peace talks resumed on Monday."])
    factories.post("Scattered", paragraphs=["Talks about a lasting peace stalled."])

    assert sorted(result_titles(search(client, q="peace talks"))) == ["Exact", "Scattered"]
    assert result_titles(search(client, q='"peace talks"')) == ["Exact"]


def test_a_minus_word_leaves_out_posts_with_it(client):
    factories.post("Truce", paragraphs=["In Geneva, a ceasefire was agreed."])
    factories.post("Talks", paragraphs=["In Geneva, talks went on."])

    assert result_titles(search(client, q="geneva -ceasefire")) == ["Talks"]


def test_a_minus_phrase_leaves_out_only_posts_with_that_phrase(client):
    factories.post("Exact", paragraphs=["In Geneva, the peace talks resumed."])
    factories.post("Scattered", paragraphs=["In Geneva, talks about peace stalled."])

    assert result_titles(search(client, q='geneva -"peace talks"')) == ["Scattered"]


def test_words_and_phrases_left_out_together_each_leave_out_their_posts(client):
    factories.post("Truce", paragraphs=["In Geneva, a ceasefire was agreed."])
    factories.post("Exact", paragraphs=["In Geneva, the peace talks resumed."])
    factories.post("Vote", paragraphs=["In Geneva, a vote on the budget."])
    factories.post("Scattered", paragraphs=["In Geneva, talks about peace stalled."])

    html = search(client, q='geneva -ceasefire -"peace talks" -budget')

    assert result_titles(html) == ["Scattered"]


def test_only_published_text_is_found(client):
    factories.post("Zeppelin draft", paragraphs=["Zeppelin news."], publish=False)
    live = factories.post("Airships", paragraphs=["Old news."])
    live.body = factories.paragraphs_body("Zeppelin news, not yet published.")
    live.save_revision()

    html = search(client, q="zeppelin")

    assert result_titles(html) == []
    assert count_line(html) == "0 results for “zeppelin”"


def test_the_passage_shows_the_match_deep_in_the_body_marked_and_escaped(client):
    factories.post(
        "Talks resume",
        paragraphs=[FILLER, "The <b>envoy</b> & aides met in Geneva on Monday."],
    )

    html = search(client, q="geneva")
    (passage,) = passages(html)

    assert "<mark>Geneva</mark>" in passage
    assert "&lt;b&gt;envoy&lt;/b&gt; &amp; aides" in passage
    assert passage.startswith("…")
    assert "<b>envoy</b>" not in html


def test_a_result_shows_its_byline_and_links_to_the_post(client):
    factories.post(
        "Talks resume in Geneva",
        author=factories.author("Hanna Lindqvist"),
        date=factories.BASE_DATE,
    )

    html = search(client, q="geneva")

    assert '<a href="/post/talks-resume-in-geneva/">Talks resume in Geneva</a>' in html
    assert "Hanna Lindqvist" in html
    assert '<time class="nowrap" datetime="2021-02-09">Feb 9, 2021&nbsp;·</time>' in html
    assert "1 min read" in html


def test_results_come_twelve_to_a_page_with_the_total_count(client):
    for n in range(13):
        factories.post(f"Geneva dispatch {n}")

    first = search(client, q="geneva")
    second = search(client, q="geneva", page="2")

    assert count_line(first) == "13 results for “geneva”"
    assert len(result_titles(first)) == 12
    assert len(result_titles(second)) == 1
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert 'href="?q=geneva&amp;page=2"' in first


def test_a_page_number_that_is_not_a_number_gives_the_first_page(client):
    factories.post("Geneva dispatch")

    assert result_titles(search(client, q="geneva", page="two")) == ["Geneva dispatch"]


def test_a_page_past_the_end_is_not_found(client):
    factories.post("Geneva dispatch")

    response = client.get(reverse("search:search"), {"q": "geneva", "page": "2"})

    assert response.status_code == 404


def test_one_result_is_counted_in_the_singular(client):
    factories.post("Geneva dispatch")

    assert count_line(search(client, q="geneva")) == "1 result for “geneva”"


def test_an_empty_query_shows_the_form_and_no_results(client, blog_index):
    html = search(client, q="")

    assert 'type="search"' in html
    assert count_line(html) is None


def test_the_search_form_is_a_labelled_search_landmark(client, blog_index):
    html = search(client)

    assert '<form class="search-form" role="search"' in html
    assert '<label for="search-q">Search posts</label>' in html
    assert '<input id="search-q" type="search" name="q"' in html


def test_the_page_may_be_kept_by_shared_caches_for_a_short_time(client, blog_index):
    response = client.get(reverse("search:search"), {"q": "geneva"})

    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control
    # Not emptied on publish as pages are (every query is its own address): kept briefly.
    assert "s-maxage=60" in cache_control


def test_past_the_counted_matches_the_page_says_more_than(client, monkeypatch):
    monkeypatch.setattr(ranking, "MOST_RANKED", 2)
    for n in range(3):
        factories.post(f"Talks resume, round {n}")

    page = search(client, q="talks")

    assert count_line(page) == "More than 2 results for “talks”"
    # The best ones are listed; a narrower search finds the rest.
    assert len(result_titles(page)) == 2


def test_up_to_the_counted_matches_the_count_is_exact(client, monkeypatch):
    monkeypatch.setattr(ranking, "MOST_RANKED", 3)
    for n in range(3):
        factories.post(f"Talks resume, round {n}")

    assert count_line(search(client, q="talks")) == "3 results for “talks”"


def test_past_the_ranked_matches_the_newest_are_found_and_a_date_range_finds_the_rest(
    client, monkeypatch
):
    monkeypatch.setattr(ranking, "MOST_RANKED", 2)
    for year in (2019, 2020, 2021):
        factories.post(f"Talks resume in {year}", date=dt.datetime(year, 5, 1, tzinfo=dt.UTC))

    assert sorted(result_titles(search(client, q="talks"))) == [
        "Talks resume in 2020",
        "Talks resume in 2021",
    ]
    found = search(client, q="talks", **{"from": "2019-01-01", "to": "2019-12-31"})
    assert result_titles(found) == ["Talks resume in 2019"]
