"""A post's stored entities: found on publish, idempotent, editors' choices kept."""

import pytest
from wagtail.rich_text import RichText

from broadsheet.blog.tests import factories
from broadsheet.core.tests.queue import run_queued_tasks
from broadsheet.entities.models import Entity, EntityAlias, EntitySuggestion, PostEntity
from broadsheet.entities.selectors import entities_for_post
from broadsheet.entities.services import (
    post_entities_extract,
    post_entity_add,
    post_entity_remove,
)
from broadsheet.entities.tests.factories import entity

pytestmark = pytest.mark.django_db


def shown(post):
    return {e.name: e.mention_count for e in entities_for_post(post)}


def rows(post):
    return sorted(
        PostEntity.objects.filter(post=post).values_list(
            "entity__name", "count", "source", "excluded"
        )
    )


def test_extraction_stores_each_entity_with_its_count_and_makes_places_once():
    qalibaf = entity("Mohammad Bagher Qalibaf", aliases=["Qalibaf", "Ghalibaf"])
    post = factories.post(
        "Qalibaf in Moscow",
        paragraphs=["Iranian speaker Ghalibaf landed in Moscow.", "Russia and Iran talked."],
    )
    post_entities_extract(post=post)

    assert shown(post) == {"Iran": 2, "Moscow": 2, qalibaf.name: 2, "Russia": 1}
    moscow = Entity.objects.get(name="Moscow")
    assert (moscow.kind, moscow.code, moscow.country.name) == ("city", "524901", "Russia")
    assert moscow.slug == "moscow"
    assert Entity.objects.filter(kind="country", code="RU").count() == 1


def test_extraction_reads_headings_and_quotes_of_the_body():
    post = factories.post(
        "A post",
        body=[
            ("heading", {"text": "Talks in Kyiv", "level": "h2"}),
            ("quote", {"quote": "Ukrainians will decide.", "attribution": "A minister"}),
            ("paragraph", RichText("<p>Seen from <b>Tehran</b>.</p>")),
        ],
    )
    post_entities_extract(post=post)
    assert shown(post) == {"Kyiv": 1, "Ukraine": 1, "Tehran": 1}


def test_extracting_twice_gives_the_same_rows():
    post = factories.post("Sudan and South Sudan", paragraphs=["Talks in Khartoum."])
    assert post_entities_extract(post=post) is True
    first = rows(post)

    assert post_entities_extract(post=post) is False
    assert rows(post) == first
    assert len(first) == 3


def test_an_entity_no_longer_in_the_text_goes_when_extracted_again():
    post = factories.post("Notes", paragraphs=["Talks in Cairo."])
    post_entities_extract(post=post)
    post.body = factories.paragraphs_body("Talks in Amman.")
    post.save()
    post_entities_extract(post=post)
    assert shown(post) == {"Amman": 1}


def test_an_entity_an_editor_removed_is_not_brought_back():
    post = factories.post("Notes", paragraphs=["Talks in Cairo, Egypt."])
    post_entities_extract(post=post)
    cairo = Entity.objects.get(name="Cairo")

    post_entity_remove(post=post, entity=cairo)
    post_entities_extract(post=post)

    assert shown(post) == {"Egypt": 1}
    assert PostEntity.objects.get(post=post, entity=cairo).excluded is True


def test_an_entity_an_editor_added_stays_though_the_text_never_names_it():
    post = factories.post("Notes", paragraphs=["Talks in Cairo."])
    person = entity("Someone Unnamed")
    post_entity_add(post=post, entity=person)
    post_entities_extract(post=post)
    post_entities_extract(post=post)

    assert shown(post) == {"Cairo": 1, "Someone Unnamed": 0}
    assert PostEntity.objects.get(post=post, entity=person).source == "editor"


def test_adding_back_a_removed_entity_shows_it_again():
    post = factories.post("Notes", paragraphs=["Talks in Cairo."])
    post_entities_extract(post=post)
    cairo = Entity.objects.get(name="Cairo")
    post_entity_remove(post=post, entity=cairo)
    post_entity_add(post=post, entity=cairo)
    post_entities_extract(post=post)
    assert shown(post) == {"Cairo": 1}


def test_an_editors_alias_on_a_country_is_found():
    post = factories.post("Old maps", paragraphs=["Persia's shahs ruled from Isfahan."])
    post_entities_extract(post=post)
    assert "Iran" not in shown(post)
    iran = Entity.objects.get(kind="country", code="IR")  # Made as Isfahan's country.
    EntityAlias.objects.create(entity=iran, name="Persia")
    post_entities_extract(post=post)
    assert shown(post) == {"Iran": 1, "Isfahan": 1}


def test_names_written_in_two_posts_are_suggested_once():
    for n in range(3):
        post = factories.post(
            f"Report {n}", paragraphs=["Abbas Araghchi met Kaja Kallas." if n < 2 else "Quiet."]
        )
        post_entities_extract(post=post)
    assert dict(EntitySuggestion.objects.values_list("name", "post_count")) == {
        "Abbas Araghchi": 2,
        "Kaja Kallas": 2,
    }


def test_a_name_in_one_post_only_is_not_suggested():
    post = factories.post("Report", paragraphs=["Abbas Araghchi met Kaja Kallas."])
    post_entities_extract(post=post)
    assert not EntitySuggestion.objects.exists()


def test_a_dismissed_suggestion_stays_dismissed():
    posts = [factories.post(f"R{n}", paragraphs=["Abbas Araghchi spoke."]) for n in range(2)]
    for post in posts:
        post_entities_extract(post=post)
    suggestion = EntitySuggestion.objects.get(name="Abbas Araghchi")
    suggestion.status = EntitySuggestion.Status.DISMISSED
    suggestion.save()
    post_entities_extract(post=factories.post("R3", paragraphs=["Abbas Araghchi again."]))
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.post_count) == ("dismissed", 3)


def test_publishing_a_post_queues_its_extraction(
    database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = factories.post("Hanoi talks", paragraphs=["Vietnamese leaders met."])
    assert not PostEntity.objects.filter(post=post).exists()  # Not during the publication.

    run_queued_tasks()

    assert shown(post) == {"Hanoi": 1, "Vietnam": 1}


def test_a_draft_is_not_extracted_by_the_task(django_capture_on_commit_callbacks):
    from broadsheet.entities.tasks import extract_post_entities

    draft = factories.post("Draft on Hanoi", publish=False)
    assert extract_post_entities.call(post_id=draft.pk) is None
    assert not PostEntity.objects.exists()
