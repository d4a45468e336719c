"""The author chooser makes a new author in place: a name is enough."""

import pytest

from broadsheet.blog.models import Author
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/blog/author/"


def test_the_chooser_offers_a_new_author_tab(admin_client):
    response = admin_client.get(CHOOSER)

    html = response.json()["html"]
    assert "New author" in html
    assert 'name="name"' in html
    assert 'name="bio"' in html


def test_a_new_author_is_made_with_a_free_slug_and_chosen(admin_client):
    factories.author("Sara Nasser")  # A namesake already has /author/sara-nasser/.

    response = admin_client.post(f"{CHOOSER}create/", {"name": "Sara Nasser", "bio": "Guest."})

    made = Author.objects.get(name="Sara Nasser", bio="Guest.")
    assert made.slug == "sara-nasser-2"
    data = response.json()
    assert data["step"] == "chosen"
    assert data["result"]["id"] == str(made.pk)
    assert data["result"]["string"] == "Sara Nasser"


def test_a_nameless_author_is_refused_with_the_form_shown_again(admin_client):
    response = admin_client.post(f"{CHOOSER}create/", {"name": "", "bio": "Kept."})

    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert "This field is required" in data["htmlFragment"]
    assert "Kept." in data["htmlFragment"]
    assert not Author.objects.exists()
