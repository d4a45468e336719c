"""manage.py entities --rebuild: the whole archive extracted again, resumable."""

import io

import pytest
from django.core.management import CommandError, call_command

from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity, PostEntity
from broadsheet.entities.services import post_entity_remove

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("entities", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def archive():
    return [
        factories.post("Talks in Cairo", paragraphs=["Egyptian mediators met."]),
        factories.post("Vote in Kenya", paragraphs=["Nairobi counted late."]),
        factories.post("Draft about Peru", publish=False),
    ]


def tagged(post):
    return sorted(
        PostEntity.objects.filter(post=post, excluded=False).values_list("entity__name", flat=True)
    )


def test_rebuild_extracts_every_published_post_and_says_how_far_it_got(archive):
    cairo, kenya, draft = archive
    output = run("--rebuild")

    assert tagged(cairo) == ["Cairo", "Egypt"]
    assert tagged(kenya) == ["Kenya", "Nairobi"]
    assert tagged(draft) == []
    assert "1/2 posts" in output
    assert "2/2 posts" in output
    assert "Rebuilt: 2 posts read, 2 with entities that changed." in output
    assert "Entities: 2 countries, 2 cities, 0 people, 0 organisations." in output


def test_rebuilding_again_changes_nothing_and_keeps_editors_removals(archive):
    cairo, _, _ = archive
    run("--rebuild")
    post_entity_remove(post=cairo, entity=Entity.objects.get(name="Egypt"))
    rows = sorted(PostEntity.objects.values_list("post_id", "entity_id", "count", "excluded"))

    output = run("--rebuild")

    assert "2 posts read, 0 with entities that changed" in output
    assert (
        sorted(PostEntity.objects.values_list("post_id", "entity_id", "count", "excluded")) == rows
    )
    assert tagged(cairo) == ["Cairo"]


def test_an_interrupted_rebuild_goes_on_after_the_last_post_done(archive):
    cairo, kenya, _ = archive
    output = run("--rebuild", "--after", str(cairo.pk))
    assert tagged(cairo) == []
    assert tagged(kenya) == ["Kenya", "Nairobi"]
    assert "Rebuilt: 1 post read" in output


def test_after_without_rebuild_is_refused():
    with pytest.raises(CommandError, match="--after goes with --rebuild"):
        run("--after", "3")
