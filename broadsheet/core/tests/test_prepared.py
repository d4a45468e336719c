"""A lookup compiled once answers as Django's own query would, on any thread."""

import threading

import pytest
from django.core.exceptions import MultipleObjectsReturned
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from broadsheet.blog.models import Category, PostPage
from broadsheet.blog.tests import factories
from broadsheet.core.prepared import PreparedLookup

pytestmark = pytest.mark.django_db


def _posts():
    return PostPage.objects.published().select_related("author", "category")


def test_each_value_finds_its_own_row_with_what_it_joins_in_one_query():
    europe = factories.category("Europe")
    first = factories.post("Talks resume", author=factories.author("Ana"), category=europe)
    second = factories.post("Grain deal", author=factories.author("Ben"))
    lookup = PreparedLookup(_posts(), "slug")

    with CaptureQueriesContext(connection) as queries:
        found_first = lookup.get(first.slug)
        found_second = lookup.get(second.slug)
        names = (found_first.author.name, found_first.category.name, found_second.author.name)

    assert (found_first.pk, found_second.pk) == (first.pk, second.pk)
    assert found_first.title == "Talks resume"
    assert names == ("Ana", "Europe", "Ben")
    assert len(queries) == 2


def test_what_the_queryset_leaves_out_stays_out():
    draft = factories.post("Not yet", publish=False)

    assert PreparedLookup(_posts(), "slug").get(draft.slug) is None
    assert PreparedLookup(_posts(), "slug").get("no-such-post") is None


def test_several_rows_are_refused_as_djangos_get_does():
    factories.category("Europe", slug="europe-1", description="same")
    factories.category("Asia", slug="asia", description="same")

    with pytest.raises(MultipleObjectsReturned):
        PreparedLookup(Category.objects.all(), "description").get("same")


def test_a_lookup_that_changes_the_value_is_refused_when_prepared():
    with pytest.raises(ValueError, match="not in list"):
        PreparedLookup(Category.objects.all(), "name__icontains")


def test_another_thread_runs_it_on_its_own_connection():
    # The default site is made by Wagtail's migrations: committed, so seen by any connection.
    site = Site.objects.get(is_default_site=True)
    lookup = PreparedLookup(Site.objects.all(), "hostname")
    found = []

    def read():
        try:
            found.append(lookup.get(site.hostname).pk)
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()

    assert found == [site.pk]
