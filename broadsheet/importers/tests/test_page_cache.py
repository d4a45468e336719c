"""An import shows on the pages readers were already being served from the page cache.

Every kept page is thrown away once, when the run ends, rather than a post at a time:
an import touches every list, feed and archive, and working out each post's pages would
cost more than storing it.
"""

import pytest

from broadsheet.blog.tests import factories
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.broadsheet_exports import document, post_entry, write_export
from broadsheet.importers.tests.test_wxr import write_wxr, wxr_item
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

KEPT = ("/", "/blog/", "/feed/")


def wordpress_export(tmp_path):
    items = wxr_item(post_id=10, title="Talks resume", name="talks-resume") + wxr_item(
        post_id=11, title="Ceasefire holds", name="ceasefire-holds"
    )
    return write_wxr(tmp_path, items), ("Talks resume", "Ceasefire holds")


def broadsheet_export(tmp_path):
    post = post_entry(content={"title": "Geneva, day two", "slug": "geneva-day-two"})
    return write_export(tmp_path, document(posts=[post])), ("Geneva, day two",)


def _entity_page(tag: str) -> bool:
    return tag == "topics" or tag.startswith(("topic:", "post-entities:"))


@pytest.fixture
def purges(monkeypatch):
    """How many times the page store was asked to throw pages away, and how."""
    store = type(page_store())
    asked = {"all": 0, "tags": 0}

    def counted(name, method):
        def call(self, *args, **kwargs):
            # The entities found in the imported posts, by the extraction each publication
            # queues, are a change of their own after the import: the pages showing them
            # (topic pages, /topics/, the posts' entity links) are thrown away then.
            if name == "tags" and all(_entity_page(tag) for tag in args[0]):
                return method(self, *args, **kwargs)
            asked[name] += 1
            return method(self, *args, **kwargs)

        return call

    monkeypatch.setattr(store, "purge_all", counted("all", store.purge_all))
    monkeypatch.setattr(store, "purge_tags", counted("tags", store.purge_tags))
    return asked


@pytest.mark.parametrize("export", [wordpress_export, broadsheet_export])
def test_kept_pages_show_the_imported_posts_once_the_import_ends(
    export, blog_index, tmp_path, purges, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.post("Already here")
    front = FrontClient()
    for path in KEPT:
        assert "Already here" in front.get(path).text
        assert front.get(path).hit, f"{path} should be kept"
    path, titles = export(tmp_path)
    purges.update(all=0, tags=0)

    with django_capture_on_commit_callbacks(execute=True):
        report = files_import(paths=[path])

    assert report.problems == []
    # Once for the whole run, and not once a post.
    assert purges == {"all": 1, "tags": 0}
    for path in KEPT:
        answer = front.get(path)
        assert not answer.hit
        for title in titles:
            assert title in answer.text, (path, title)


def test_an_import_that_changes_nothing_keeps_every_page(
    blog_index, tmp_path, purges, django_capture_on_commit_callbacks
):
    path, _titles = wordpress_export(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        files_import(paths=[path])
    front = FrontClient()
    for path_kept in KEPT:
        front.get(path_kept)
    purges.update(all=0, tags=0)

    with django_capture_on_commit_callbacks(execute=True):
        files_import(paths=[path])

    assert purges == {"all": 0, "tags": 0}
    assert all(front.get(path_kept).hit for path_kept in KEPT)


def test_a_dry_run_throws_nothing_away(
    blog_index, tmp_path, purges, django_capture_on_commit_callbacks
):
    path, _titles = wordpress_export(tmp_path)

    with django_capture_on_commit_callbacks(execute=True):
        files_import(paths=[path], dry_run=True)

    assert purges == {"all": 0, "tags": 0}
