import datetime as dt

import pytest
from django.utils import timezone
from taggit.models import Tag

from broadsheet.blog.tests import factories
from broadsheet.search.tests.pages import count_line, result_titles, search

pytestmark = pytest.mark.django_db


def on(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day} 12:00"))


def test_the_author_filter_narrows_results(client):
    factories.post("Hers", author=factories.author("Hanna Lindqvist"), paragraphs=["Geneva."])
    factories.post("His", author=factories.author("Omar Haddad"), paragraphs=["Geneva."])

    assert result_titles(search(client, q="geneva", author="hanna-lindqvist")) == ["Hers"]


def test_the_category_filter_narrows_results(client):
    factories.post("Region", category=factories.category("Middle East"), paragraphs=["Geneva."])
    factories.post("Markets", category=factories.category("Economy"), paragraphs=["Geneva."])

    assert result_titles(search(client, q="geneva", category="middle-east")) == ["Region"]


def test_the_tag_filter_works_together_with_the_search(client):
    factories.post("Tagged match", tags=["Diplomacy"], paragraphs=["Geneva."])
    factories.post("Tagged other", tags=["Diplomacy"], paragraphs=["Vienna."])
    factories.post("Untagged match", paragraphs=["Geneva."])

    assert result_titles(search(client, q="geneva", tag="diplomacy")) == ["Tagged match"]


def test_the_date_range_includes_both_of_its_days(client):
    for day in ("2021-01-31", "2021-02-01", "2021-02-28", "2021-03-01"):
        factories.post(f"Geneva {day}", date=on(day))

    html = search(client, q="geneva", **{"from": "2021-02-01", "to": "2021-02-28"})

    assert sorted(result_titles(html)) == ["Geneva 2021-02-01", "Geneva 2021-02-28"]


def test_filters_without_words_list_the_matching_posts_newest_first(client):
    jane = factories.author("Hanna Lindqvist")
    factories.post("Older", author=jane, date=on("2021-02-01"))
    factories.post("Newer", author=jane, date=on("2021-03-01"))
    factories.post("Someone else's")

    html = search(client, author="hanna-lindqvist")

    assert result_titles(html) == ["Newer", "Older"]
    assert count_line(html) == "2 results"


def test_a_bad_date_is_ignored_and_says_so(client):
    factories.post("Geneva dispatch")

    html = search(client, q="geneva", **{"from": "2021-13-45"})

    assert result_titles(html) == ["Geneva dispatch"]
    assert (
        'id="id_from_error">Not a date (YYYY-MM-DD, e.g. 2021-02-09): not filtered by it.' in html
    )
    assert 'aria-describedby="id_from_error"' in html


def test_an_unknown_author_is_ignored_and_says_so(client):
    factories.post("Geneva dispatch")

    html = search(client, q="geneva", author="nobody")

    assert result_titles(html) == ["Geneva dispatch"]
    assert "No author “nobody”: not filtered by it." in html


def test_the_form_offers_only_tags_of_published_posts(client):
    factories.post("Tagged", tags=["Diplomacy"])
    factories.post("Scoop", tags=["Secret merger"], publish=False)
    Tag.objects.create(name="Holiday photos", slug="holiday-photos")

    html = search(client)

    assert '<option value="diplomacy">Diplomacy</option>' in html
    assert "secret-merger" not in html
    assert "holiday-photos" not in html


def test_a_tag_only_drafts_carry_finds_nothing(client):
    factories.post("Scoop", tags=["Secret merger"], paragraphs=["Geneva."], publish=False)

    html = search(client, q="geneva", tag="secret-merger")

    assert result_titles(html) == []
    assert "No tag “secret-merger”: not filtered by it." in html


def test_the_remembered_lists_show_the_choice_made_and_a_new_author(client, page_cache):
    factories.post("Hers", author=factories.author("Hanna Lindqvist"), paragraphs=["Geneva."])
    search(client, q="geneva")

    chosen = search(client, q="geneva", author="hanna-lindqvist")
    factories.post("His", author=factories.author("Omar Haddad"), paragraphs=["Geneva."])
    later = search(client, q="geneva")

    assert '<option value="hanna-lindqvist" selected>Hanna Lindqvist</option>' in chosen
    assert '<option value="hanna-lindqvist">Hanna Lindqvist</option>' in later
    assert '<option value="omar-haddad">Omar Haddad</option>' in later
