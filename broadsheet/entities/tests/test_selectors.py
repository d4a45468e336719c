import pytest

from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity
from broadsheet.entities.selectors import entities_for_post, posts_mentioning
from broadsheet.entities.tests.factories import entity, mention

pytestmark = pytest.mark.django_db


def test_a_posts_entities_are_most_mentioned_first_without_the_removed_ones():
    post = factories.post("Talks in Moscow")
    other = factories.post("Another post")
    iran = entity("Iran", kind=Entity.Kind.COUNTRY)
    russia = entity("Russia", kind=Entity.Kind.COUNTRY)
    removed = entity("Removed Person")
    mention(post, iran, count=2)
    mention(post, russia, count=5)
    mention(post, removed, count=9, excluded=True)
    mention(other, iran, count=40)

    found = list(entities_for_post(post))

    assert [e.name for e in found] == ["Russia", "Iran"]
    assert [e.mention_count for e in found] == [5, 2]


def test_posts_mentioning_an_entity_are_published_newest_first():
    iran = entity("Iran", kind=Entity.Kind.COUNTRY)
    older = factories.post("Older")
    newer = factories.post("Newer")
    draft = factories.post("Draft", publish=False)
    removed = factories.post("Removed by an editor")
    for post in (older, newer, draft):
        mention(post, iran)
    mention(removed, iran, excluded=True)

    assert list(posts_mentioning(iran)) == [newer, older]
