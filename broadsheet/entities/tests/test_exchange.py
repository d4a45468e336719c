"""Entities travel in Broadsheet's JSON export and come back with an import, once."""

import pytest

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity, EntityAlias, PostEntity
from broadsheet.entities.services import (
    post_entities_extract,
    post_entity_add,
    post_entity_remove,
)
from broadsheet.entities.tests.factories import entity
from broadsheet.exporters.tests.exports import export, export_rewritten, json_document
from broadsheet.importers.services import files_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """A post whose entities were found, one added by an editor and one removed."""
    speaker = entity(
        "Mohammad Bagher Qalibaf",
        aliases=["Ghalibaf", "Qalibaf"],
        description="Speaker of Iran's parliament.",
    )
    post = factories.post(
        "Qalibaf in Moscow", paragraphs=["Ghalibaf met Russian officials in Moscow and Kazan."]
    )
    post_entities_extract(post=post)
    post_entity_add(post=post, entity=entity("Majlis", kind="organisation"))
    post_entity_remove(post=post, entity=Entity.objects.get(name="Kazan"))
    return post, speaker


def snapshot():
    entities = sorted(
        Entity.objects.values_list("slug", "name", "kind", "description", "code", "country__slug")
    )
    aliases = sorted(EntityAlias.objects.values_list("entity__slug", "name"))
    mentions = sorted(
        PostEntity.objects.values_list("post__slug", "entity__slug", "count", "source", "excluded")
    )
    return entities, aliases, mentions


def test_export_lists_entities_and_each_posts_mentions(tmp_path, site):
    document = json_document(export(tmp_path / "site.zip"))
    by_slug = {e["slug"]: e for e in document["entities"]}
    assert by_slug["mohammad-bagher-qalibaf"] == {
        "slug": "mohammad-bagher-qalibaf",
        "name": "Mohammad Bagher Qalibaf",
        "kind": "person",
        "description": "Speaker of Iran's parliament.",
        "code": "",
        "country": None,
        "aliases": ["Ghalibaf", "Qalibaf"],
    }
    assert by_slug["moscow"]["country"] == "russia"
    # Countries come before the cities naming them.
    kinds = [e["kind"] for e in document["entities"]]
    assert kinds.index("city") > kinds.index("country")
    (post,) = document["posts"]
    assert {m["entity"]: (m["count"], m["source"], m["excluded"]) for m in post["entities"]} == {
        "kazan": (1, "found", True),
        "majlis": (0, "editor", False),
        "mohammad-bagher-qalibaf": (2, "found", False),
        "moscow": (2, "found", False),
        "russia": (1, "found", False),
    }


def test_an_import_into_an_empty_site_gives_the_same_entities_and_mentions(tmp_path, site):
    archive = export(tmp_path / "site.zip")
    before = snapshot()
    PostPage.objects.all().delete()
    Entity.objects.all().delete()
    assert snapshot() == ([], [], [])

    files_import(paths=[archive])
    assert snapshot() == before
    files_import(paths=[archive])
    assert snapshot() == before


def test_an_import_over_the_same_site_changes_nothing(tmp_path, site):
    archive = export(tmp_path / "site.zip")
    before = snapshot()
    files_import(paths=[archive])
    assert snapshot() == before


def test_a_mention_of_an_entity_the_export_lacks_is_refused_naming_it(tmp_path, site):
    def unknown_entity(document):
        document["posts"][0]["entities"][0]["entity"] = "atlantis"

    report = files_import(
        paths=[export_rewritten(export(tmp_path / "site.zip"), tmp_path, unknown_entity)]
    )
    problems = " ".join(str(problem) for problem in report.problems)
    assert "posts[0].entities[0]" in problems
    assert "names entity 'atlantis', which the export's entities lack" in problems


def test_a_bad_entity_kind_is_refused_naming_the_entry(tmp_path, site):
    def bad_kind(document):
        document["entities"][0]["kind"] = "planet"

    report = files_import(
        paths=[export_rewritten(export(tmp_path / "site.zip"), tmp_path, bad_kind)]
    )
    problems = " ".join(str(problem) for problem in report.problems)
    assert "entities[0]" in problems
    assert "'kind' should be one of city, country" in problems


def test_an_export_made_before_entities_imports(tmp_path, site):
    def without_entities(document):
        del document["entities"]
        for post in document["posts"]:
            del post["entities"]

    archive = export_rewritten(export(tmp_path / "site.zip"), tmp_path, without_entities)
    PostPage.objects.all().delete()
    Entity.objects.all().delete()
    report = files_import(paths=[archive])
    assert not report.problems
    assert PostPage.objects.count() == 1
