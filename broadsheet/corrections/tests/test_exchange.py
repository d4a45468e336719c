"""Corrections travel in Broadsheet's JSON export and come back with an import."""

import pytest

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.corrections.models import Correction
from broadsheet.exporters.tests.exports import export, export_rewritten, json_document
from broadsheet.exporters.tests.site import example_site
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.services import files_import
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = pytest.mark.django_db


def _talks(document) -> dict:
    return next(p for p in document["posts"] if p["content"]["title"] == "Talks resume in Geneva")


def test_export_carries_each_post_notes_oldest_first(tmp_path):
    example_site()
    talks = _talks(json_document(export(tmp_path / "site.zip")))
    assert talks["corrections"] == [
        {
            "kind": "correction",
            "note": "An earlier version named the wrong city: <Geneva> & not Vienna.",
            "published_at": "2024-03-06T09:00:00+00:00",
        },
        {
            "kind": "update",
            "note": "Adds the second round.",
            "published_at": "2024-03-07T09:00:00+00:00",
        },
    ]


def test_import_brings_the_notes_back_once(tmp_path, client):
    example_site()
    archive = export(tmp_path / "site.zip")
    PostPage.objects.all().delete()
    assert not Correction.objects.exists()

    files_import(paths=[archive])
    files_import(paths=[archive])

    talks = PostPage.objects.get(title="Talks resume in Geneva")
    assert list(talks.correction_notes.values_list("kind", "note")) == [
        ("correction", "An earlier version named the wrong city: <Geneva> & not Vienna."),
        ("update", "Adds the second round."),
    ]
    page = client.get(talks.url).content.decode()
    assert "&lt;Geneva&gt; &amp; not Vienna." in page


def test_a_bad_note_is_refused_naming_the_post_and_the_field(tmp_path):
    example_site()
    archive = export(tmp_path / "site.zip")

    def bad_kind(document):
        _talks(document)["corrections"][0]["kind"] = "retraction"

    report = files_import(paths=[export_rewritten(archive, tmp_path, bad_kind)])
    problems = " ".join(str(problem) for problem in report.problems)
    assert "corrections[0]" in problems
    assert "'kind' should be one of correction, update" in problems


@pytest.mark.usefixtures("page_cache")
def test_notes_imported_onto_an_unchanged_post_show_on_its_kept_page(
    tmp_path, blog_index, django_capture_on_commit_callbacks
):
    post = factories.post("Plain story", paragraphs=["Nothing changes here."])

    def with_a_note(document):
        (entry,) = document["posts"]
        entry["corrections"] = [
            {"kind": "update", "note": "Adds a line.", "published_at": "2024-03-06T09:00:00Z"}
        ]

    archive = export_rewritten(export(tmp_path / "site.zip"), tmp_path, with_a_note)
    front = FrontClient()
    front.get(post.url)
    assert front.get(post.url).hit

    with django_capture_on_commit_callbacks(execute=True):
        report = files_import(paths=[archive])

    # The post itself is not stored again: only the note can throw its page away.
    assert report.counts[Kind.POST, Outcome.UNCHANGED] == 1
    assert report.counts[Kind.CORRECTION, Outcome.CREATED] == 1
    assert "Adds a line." in front.get(post.url).text
