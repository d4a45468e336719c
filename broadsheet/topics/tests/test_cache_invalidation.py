"""Topic pages, the index and the map are kept whole by the page cache and thrown away
when what they show changes: a mention, a post published or unpublished, an entity
renamed. Pages about other entities stay kept."""

import pytest

from broadsheet.blog.tests import factories
from broadsheet.entities.models import Entity, EntityAlias
from broadsheet.entities.services import post_entity_remove
from broadsheet.entities.tests.factories import entity, mention
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
HOST = "http://testserver"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def site(committed):
    with committed(execute=True):
        iran = entity("Iran", kind=Entity.Kind.COUNTRY, code="IR")
        russia = entity("Russia", kind=Entity.Kind.COUNTRY, code="RU")
        chess = entity("Chess Federation", slug="chess", kind=Entity.Kind.ORGANISATION)
        both = factories.post("Iran and Russia")
        mention(both, iran)
        mention(both, russia)
        game = factories.post("A chess final")
        # As an editor tags it: the extraction, at the commit, keeps it though unnamed.
        mention(game, chess, source="editor")
    return {"iran": iran, "russia": russia, "chess": chess, "both": both, "game": game}


class Reader:
    def __init__(self, site):
        self.front = FrontClient()
        self.paths = {
            "index": "/topics/",
            "iran": "/topic/iran/",
            "iran-feed": "/topic/iran/feed/",
            "russia": "/topic/russia/",
            "chess": "/topic/chess/",
            "both": site["both"].url,
            "game": site["game"].url,
        }

    def read_everything(self):
        for name, path in self.paths.items():
            assert self.front.get(path).status == 200, name
        kept = {url.removeprefix(HOST) for url in page_store().urls()}
        assert set(self.paths.values()) <= kept

    def kept(self):
        urls = {url.removeprefix(HOST) for url in page_store().urls()}
        return {name for name, path in self.paths.items() if path in urls}

    def thrown_away_by(self, change, committed):
        self.read_everything()
        with committed(execute=True):
            change()
        return set(self.paths) - self.kept()

    def text(self, name):
        return self.front.get(self.paths[name]).text


@pytest.fixture
def reader(site):
    return Reader(site)


def test_a_new_mention_throws_away_its_topic_the_post_and_the_index(site, reader, committed):
    thrown = reader.thrown_away_by(
        lambda: mention(site["game"], site["russia"], source="editor"), committed
    )

    # Russia's page lists the post; the post links to Russia; the chess page's "mentioned
    # with" gains Russia; "Iran and Russia" now shares Russia with it, so each lists the
    # other as related coverage. Iran's page is kept: the chess post does not mention Iran.
    assert thrown == {"index", "russia", "chess", "game", "both"}
    assert "A chess final" in reader.text("russia")
    assert 'href="/topic/russia/"' in reader.text("game")


def test_a_removed_mention_throws_away_every_topic_page_the_post_was_on(site, reader, committed):
    thrown = reader.thrown_away_by(
        lambda: post_entity_remove(post=site["both"], entity=site["russia"]), committed
    )

    # Iran's "mentioned with" loses Russia. The chess post shares nothing with it: kept.
    assert thrown == {"index", "iran", "iran-feed", "russia", "both"}
    assert "Iran and Russia" not in reader.text("russia")
    assert "Russia" not in reader.text("iran").split("Often mentioned with")[-1][:200]


def test_a_new_post_about_iran_throws_away_iran_s_pages_and_the_index(site, reader, committed):
    def publish():
        factories.post("Iran votes")  # The extraction finds Iran.

    thrown = reader.thrown_away_by(publish, committed)

    assert {"index", "iran", "iran-feed"} <= thrown
    assert "chess" not in thrown
    assert "Iran votes" in reader.text("iran")
    assert "Iran votes" in reader.text("iran-feed")


def test_an_unpublished_post_leaves_its_topic_pages(site, reader, committed):
    thrown = reader.thrown_away_by(lambda: site["both"].unpublish(), committed)

    assert {"index", "iran", "iran-feed", "russia"} <= thrown
    assert "chess" not in thrown
    assert "Iran and Russia" not in reader.text("iran")


def test_a_renamed_entity_throws_away_every_page_naming_it(site, reader, committed):
    def rename():
        site["russia"].name = "Russian Federation"
        site["russia"].save()

    thrown = reader.thrown_away_by(rename, committed)

    assert {"index", "russia", "iran", "both"} <= thrown
    assert "chess" not in thrown
    assert "game" not in thrown
    assert 'href="/topic/russia/">Russian Federation</a>' in reader.text("both")


def test_a_new_alias_throws_away_only_its_topic_page(site, reader, committed):
    thrown = reader.thrown_away_by(
        lambda: EntityAlias.objects.create(entity=site["iran"], name="Persia"), committed
    )

    assert thrown == {"iran", "iran-feed"}
    assert "Persia" in reader.text("iran")


def test_extraction_on_publish_fills_topic_pages_and_related_coverage(site, reader, committed):
    with committed(execute=True):
        first = factories.post("Talks in Tehran", paragraphs=["Iran and Russia met in Tehran."])
        second = factories.post("Moscow replies", paragraphs=["Russia answered Iran today."])

    iran_page = reader.text("iran")
    assert "Talks in Tehran" in iran_page
    assert "Moscow replies" in iran_page
    assert "Talks in Tehran" in reader.front.get(second.url).text.split("Related coverage")[-1]
    assert 'href="/topic/iran/"' in reader.front.get(first.url).text
