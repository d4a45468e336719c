"""Out and in again, losing nothing: a site exported, emptied, imported, exported again."""

import pytest
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Revision

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.exporters.tests.exports import export, json_document
from broadsheet.exporters.tests.site import example_site
from broadsheet.importers.results import Outcome
from broadsheet.importers.services import files_import
from broadsheet.pages.models import StandardPage


def site_emptied() -> None:
    """Every post, page, author, category, tag, comment, redirect and picture deleted."""
    PostPage.objects.all().delete()
    StandardPage.objects.all().delete()
    for model in (Author, Category, Tag, Redirect, get_image_model()):
        model.objects.all().delete()


def without_export_date(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "exported_at"}


def changed(report) -> dict:
    return {
        (kind.value, outcome.value): count
        for (kind, outcome), count in report.counts.items()
        if count and outcome is not Outcome.UNCHANGED
    }


@pytest.mark.django_db
def test_a_site_exported_emptied_and_imported_exports_the_same_document(tmp_path):
    example_site()
    first = export(tmp_path / "first.zip")
    site_emptied()

    report = files_import(paths=[first])
    second = export(tmp_path / "second.zip")

    assert [str(problem) for problem in report.problems] == []
    assert without_export_date(json_document(second)) == without_export_date(json_document(first))


@pytest.mark.django_db
def test_importing_an_export_again_changes_nothing(tmp_path):
    example_site()
    archive = export(tmp_path / "site.zip")
    site_emptied()
    files_import(paths=[archive])
    revisions = Revision.objects.count()

    again = files_import(paths=[archive])

    assert changed(again) == {}
    assert [str(problem) for problem in again.problems] == []
    assert Revision.objects.count() == revisions
