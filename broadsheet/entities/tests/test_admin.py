"""Editors and entities in the admin: the snippet list, a post's entities, suggestions."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from broadsheet.blog.tests import factories
from broadsheet.corrections.tests.admin_forms import edit_form_url, edit_post
from broadsheet.entities.models import Entity, EntityAlias, EntitySuggestion, PostEntity
from broadsheet.entities.selectors import entities_for_post
from broadsheet.entities.services import post_entities_extract
from broadsheet.entities.tests.factories import entity

pytestmark = pytest.mark.django_db


def names(post):
    return [e.name for e in entities_for_post(post)]


@pytest.fixture
def post():
    post = factories.post("Talks in Cairo", paragraphs=["Egyptian and Qatari mediators met."])
    post_entities_extract(post=post)
    return post


@pytest.fixture
def suggested():
    """Two posts naming Abbas Araghchi, whom no entity knows: a pending suggestion."""
    posts = [
        factories.post(f"Report {n}", paragraphs=["Abbas Araghchi flew to Oman."]) for n in (1, 2)
    ]
    for post in posts:
        post_entities_extract(post=post)
    return EntitySuggestion.objects.get(name="Abbas Araghchi"), posts


def inline_scripts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        str(script)[:120]
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type") != "application/json"
    ]


def test_the_post_edit_form_shows_its_entities_and_where_to_change_them(admin_client, post):
    page = admin_client.get(edit_form_url(post)).content.decode()
    soup = BeautifulSoup(page, "html.parser")
    found = [li.get_text(" ", strip=True) for li in soup.select(".post-entities-found li")]
    assert found == [
        "Cairo (city, 1×)",
        "Egypt (country, 1×)",
        "Qatar (country, 1×)",
    ]
    assert soup.find("a", href=reverse("entities_post", args=[post.pk]))


def test_publishing_from_the_edit_form_finds_the_new_texts_entities(
    admin_client, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_post(admin_client, post, paragraphs=["Now the talks moved to Doha."])
    assert response.status_code == 302
    assert names(post) == ["Cairo", "Doha"]  # Cairo stays: the title names it.


def test_an_editor_removes_an_entity_and_it_stays_removed(admin_client, post):
    qatar = Entity.objects.get(name="Qatar")
    response = admin_client.post(
        reverse("entities_post_change", args=[post.pk]), {"action": "remove", "entity": qatar.pk}
    )
    assert response.status_code == 302
    post_entities_extract(post=post)
    assert names(post) == ["Cairo", "Egypt"]
    page = admin_client.get(reverse("entities_post", args=[post.pk])).content.decode()
    removed = BeautifulSoup(page, "html.parser").select_one(".post-entities-removed")
    assert "Qatar" in removed.get_text()


def test_an_editor_adds_an_entity_by_one_of_its_names(admin_client, post):
    person = entity("Mohammad Bagher Qalibaf", aliases=["Ghalibaf"])
    response = admin_client.post(
        reverse("entities_post_change", args=[post.pk]), {"action": "add_named", "name": "Ghalibaf"}
    )
    assert response.status_code == 302
    row = PostEntity.objects.get(post=post, entity=person)
    assert (row.source, row.excluded) == ("editor", False)
    assert person.name in names(post)


def test_adding_an_unknown_name_says_so_and_keeps_what_was_typed(admin_client, post):
    response = admin_client.post(
        reverse("entities_post_change", args=[post.pk]),
        {"action": "add_named", "name": "Nobody Known"},
    )
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert "No entity is called “Nobody Known”" in soup.select_one("#add-entity-error").text
    assert soup.select_one("#add-entity")["value"] == "Nobody Known"


def test_an_editor_who_cannot_edit_the_post_cannot_change_its_entities(
    client, post, django_user_model
):
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    response = client.post(
        reverse("entities_post_change", args=[post.pk]),
        {"action": "remove", "entity": Entity.objects.get(name="Qatar").pk},
    )
    assert response.status_code in (302, 403)
    assert not PostEntity.objects.filter(excluded=True).exists()


def test_accepting_a_suggestion_makes_a_person_found_in_its_posts(
    admin_client, suggested, django_capture_on_commit_callbacks
):
    suggestion, posts = suggested
    page = admin_client.get(reverse("entities_suggestions")).content.decode()
    assert "Abbas Araghchi" in page
    assert "In 2 posts" in page

    with django_capture_on_commit_callbacks(execute=True):  # The posts' tasks, queued.
        response = admin_client.post(
            reverse("entities_suggestion_act", args=[suggestion.pk]), {"action": "accept_person"}
        )
    assert response.status_code == 302
    person = Entity.objects.get(name="Abbas Araghchi")
    assert person.kind == "person"
    assert [names(p) for p in posts] == [["Abbas Araghchi", "Oman"]] * 2
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    pending = BeautifulSoup(
        admin_client.get(reverse("entities_suggestions")).content, "html.parser"
    )
    assert pending.select(".entity-suggestions h2") == []


def test_merging_a_suggestion_adds_an_alias_found_in_its_posts(
    admin_client, suggested, django_capture_on_commit_callbacks
):
    suggestion, posts = suggested
    minister = entity("Seyed Abbas Araghchi")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("entities_suggestion_act", args=[suggestion.pk]),
            {"action": "merge", "into": "Seyed Abbas Araghchi"},
        )
    assert response.status_code == 302
    assert EntityAlias.objects.filter(entity=minister, name="Abbas Araghchi").exists()
    assert all(minister.name in names(p) for p in posts)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.merged_into) == ("merged", minister)


def test_merging_into_an_unknown_entity_keeps_the_text_and_says_why(admin_client, suggested):
    suggestion, _ = suggested
    response = admin_client.post(
        reverse("entities_suggestion_act", args=[suggestion.pk]),
        {"action": "merge", "into": "Nobody Known"},
    )
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#merge-{suggestion.pk}")["value"] == "Nobody Known"
    assert "No entity is called" in soup.select_one(f"#merge-{suggestion.pk}-error").text
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_dismissing_a_suggestion(admin_client, suggested):
    suggestion, _ = suggested
    admin_client.post(
        reverse("entities_suggestion_act", args=[suggestion.pk]), {"action": "dismiss"}
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "dismissed"
    assert not Entity.objects.filter(name="Abbas Araghchi").exists()


def test_the_entity_list_searches_aliases_and_filters_by_kind(admin_client):
    entity("Mohammad Bagher Qalibaf", aliases=["Ghalibaf"])
    entity("Hezbollah", kind="organisation")
    url = reverse("wagtailsnippets_entities_entity:list")

    found = admin_client.get(url, {"q": "Ghalibaf"}).content.decode()
    assert "Mohammad Bagher Qalibaf" in found
    assert "Hezbollah" not in found

    organisations = admin_client.get(url, {"kind": "organisation"}).content.decode()
    assert "Hezbollah" in organisations
    assert "Mohammad Bagher Qalibaf" not in organisations


def test_an_editor_edits_an_entity_with_its_aliases_inline(admin_client):
    person = entity("Mohammad Bagher Qalibaf", aliases=["Ghalibaf"])
    url = reverse("wagtailsnippets_entities_entity:edit", args=[person.pk])
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data["description"] = "Speaker of Iran's parliament."
    data["aliases-TOTAL_FORMS"] = "2"
    data["aliases-1-name"] = "Muhammad Baqir Qalibaf"
    data["aliases-1-id"] = ""
    data["aliases-1-ORDER"] = "2"
    data["aliases-1-DELETE"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.description == "Speaker of Iran's parliament."
    assert sorted(person.aliases.values_list("name", flat=True)) == [
        "Ghalibaf",
        "Muhammad Baqir Qalibaf",
    ]


def test_a_new_entity_is_found_in_the_posts_that_named_it_before(
    admin_client, suggested, django_capture_on_commit_callbacks
):
    _, posts = suggested
    url = reverse("wagtailsnippets_entities_entity:add")
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data.update({"name": "Abbas Araghchi", "kind": "person", "slug": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302
    assert [names(p) for p in posts] == [["Abbas Araghchi", "Oman"]] * 2


def test_a_new_entity_without_a_slug_gets_one_from_its_name(admin_client):
    url = reverse("wagtailsnippets_entities_entity:add")
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data.update({"name": "Kaja Kallas", "kind": "person", "slug": ""})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Entity.objects.get(name="Kaja Kallas").slug == "kaja-kallas"


@pytest.mark.parametrize(
    "url_name", ["entities_suggestions", "entities_post", "entity_add", "entity_edit"]
)
def test_entity_admin_pages_have_no_inline_script(admin_client, post, url_name):
    qatar = Entity.objects.get(name="Qatar")
    url = {
        "entities_suggestions": reverse("entities_suggestions"),
        "entities_post": reverse("entities_post", args=[post.pk]),
        "entity_add": reverse("wagtailsnippets_entities_entity:add"),
        "entity_edit": reverse("wagtailsnippets_entities_entity:edit", args=[qatar.pk]),
    }[url_name]
    response = admin_client.get(url)
    assert response.status_code == 200
    assert inline_scripts(response.content.decode()) == []
