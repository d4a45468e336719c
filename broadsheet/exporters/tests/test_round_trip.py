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
from broadsheet.stories.models import Story


def site_emptied() -> None:
    """Every post, page, author, category, tag, comment, redirect and picture deleted."""
    PostPage.objects.all().delete()
    StandardPage.objects.all().delete()
    for model in (Author, Category, Tag, Redirect, get_image_model()):
        model.objects.all().delete()
    Story.objects.all().delete()


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


def _block_kinds(post: PostPage) -> list[str]:
    """The post's blocks but its paragraphs, and pictures, which come back as links to
    their files until fetched (``--fetch-images``)."""
    return [block.block_type for block in post.body if block.block_type not in KEPT_AS_TEXT]


KEPT_AS_TEXT = {"paragraph", "image"}


@pytest.mark.django_db
def test_a_wordpress_export_imported_into_an_empty_site_keeps_redirects_and_quotes(tmp_path):
    site = example_site()
    kinds = _block_kinds(site.talks)
    quote = next(block.value for block in site.talks.body if block.block_type == "quote")
    to_pages = {
        (redirect.old_path, redirect.redirect_page.title)
        for redirect in Redirect.objects.filter(redirect_page__isnull=False)
    }
    wxr = export(tmp_path / "site.xml", "--format", "wxr")
    site_emptied()

    report = files_import(paths=[wxr])

    assert [str(problem) for problem in report.problems] == []
    talks = PostPage.objects.get(title="Talks resume in Geneva")
    # WordPress's blocks carry what Broadsheet's did: the quote is a quote again.
    assert _block_kinds(talks) == kinds == ["heading", "quote", "html"]
    (imported_quote,) = [block.value for block in talks.body if block.block_type == "quote"]
    assert imported_quote["attribution"] == quote["attribution"]
    assert "Not there yet." in str(imported_quote["quote"])
    assert report.linked_pictures == 1
    # Every old address that led to a page still leads to it.
    assert to_pages <= {
        (redirect.old_path, redirect.redirect_page.title)
        for redirect in Redirect.objects.filter(redirect_page__isnull=False)
    }
