"""Which posts are closest: shared entities, rarer ones weighing more, and shared words."""

import pytest

from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity
from broadsheet.entities.tests.factories import entity, mention
from broadsheet.related.models import PostTerm, RelatedPost
from broadsheet.related.services import related_rebuild, related_refresh
from broadsheet.related.terms import post_terms

pytestmark = pytest.mark.django_db


def _post(title, *entities, text="A paragraph of news.", publish=True):
    post = factories.post(title, paragraphs=[text], publish=publish)
    for subject in entities:
        mention(post, subject)
    return post


def _related_titles(post):
    rows = RelatedPost.objects.filter(post=post).select_related("related").order_by("rank")
    return [row.related.title for row in rows]


@pytest.fixture
def world():
    # Iran is in nearly every post: sharing it says little. Qalibaf is in two.
    iran = entity("Iran", kind=Entity.Kind.COUNTRY)
    qalibaf = entity("Qalibaf")
    for n in range(6):
        _post(f"Filler {n}", iran)
    return iran, qalibaf


def test_a_rarer_shared_entity_outranks_a_common_one(world):
    iran, qalibaf = world
    post = _post("Speaker in Moscow", iran, qalibaf)
    rare = _post("Speaker at home", qalibaf)

    related_rebuild()

    titles = _related_titles(post)
    assert titles[0] == rare.title
    assert len(titles) == 5  # Never more than five.
    assert post.title not in titles


@pytest.mark.usefixtures("world")
def test_shared_words_relate_posts_without_shared_entities():
    post = _post(
        "Saffron harvest", text="Saffron farmers in Khorasan expect a poor saffron harvest."
    )
    alike = _post("Saffron prices", text="Saffron exporters blame the harvest for saffron prices.")
    unlike = _post("Chess final", text="The chess final went to a tiebreak in Baku.")

    related_rebuild()

    assert _related_titles(post)[0] == alike.title
    assert unlike.title not in _related_titles(post)


def test_drafts_are_never_related(world):
    _, qalibaf = world
    post = _post("Speaker in Moscow", qalibaf)
    _post("Draft about the speaker", qalibaf, publish=False)

    related_refresh(post_id=post.pk)

    assert "Draft about the speaker" not in _related_titles(post)


def test_a_new_post_enters_the_lists_of_the_posts_it_is_close_to(world):
    _, qalibaf = world
    first = _post("Speaker in Moscow", qalibaf)
    related_refresh(post_id=first.pk)
    assert _related_titles(first) == []

    second = _post("Speaker at home", qalibaf)
    changed = related_refresh(post_id=second.pk)

    assert _related_titles(second) == [first.title]
    assert _related_titles(first) == [second.title]
    assert changed == {first.pk, second.pk}


def test_an_unpublished_post_leaves_every_list_and_its_place_is_refilled(world):
    iran, qalibaf = world
    post = _post("Speaker in Moscow", qalibaf, iran)
    gone = _post("Speaker at home", qalibaf)
    related_rebuild()
    assert gone.title in _related_titles(post)

    gone.unpublish()
    changed = related_refresh(post_id=gone.pk)

    assert gone.title not in _related_titles(post)
    assert len(_related_titles(post)) == 5  # Another post took its place.
    assert post.pk in changed
    assert not PostTerm.objects.filter(post=gone).exists()


def test_refreshing_twice_changes_nothing_the_second_time(world):
    iran, qalibaf = world
    post = _post("Speaker in Moscow", qalibaf, iran)
    _post("Speaker at home", qalibaf)

    related_refresh(post_id=post.pk)
    kept = list(RelatedPost.objects.values_list("post_id", "related_id", "rank"))

    assert related_refresh(post_id=post.pk) == set()
    assert list(RelatedPost.objects.values_list("post_id", "related_id", "rank")) == kept


def test_terms_leave_out_common_words_and_count_the_title_thrice():
    post = factories.post(
        "Saffron exports",
        paragraphs=["The saffron harvest was poor, and the farmers said they would wait."],
    )

    terms = post_terms(post)

    assert max(terms, key=terms.get) == "saffron"
    assert {"the", "and", "said", "they", "would", "was"}.isdisjoint(terms)
    assert terms["exports"] > terms["harvest"]
