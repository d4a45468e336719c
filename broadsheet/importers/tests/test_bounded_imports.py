"""Imports are bounded: a zip of many small bombs is refused whole, and a post past the
size limit is refused with a problem naming it while the rest of the file comes in."""

import re
import zipfile

import pytest

from broadsheet.blog.models import PostPage
from broadsheet.importers import limits
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.shapes import GHOST, HUFFPOST_FEED, WIX_CSV, zipped
from broadsheet.importers.tests.test_archives import files_under, refused
from broadsheet.importers.tests.test_wxr import write_wxr, wxr_item


def bomb(path, *, entries: int, size: int):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zip_file:
        for n in range(entries):
            zip_file.writestr(f"posts/{n}.html", bytes(size))
    return path


def test_a_zip_of_300_entries_of_a_mebibyte_each_is_refused_at_its_first_entry(tmp_path):
    # 300 MB from a few hundred kilobytes: every entry is checked, not only big ones.
    archive = bomb(tmp_path / "export.zip", entries=300, size=1024**2)
    assert archive.stat().st_size < 2 * 1024**2

    error = refused(archive, tmp_path / "target")

    assert error.item == "entry 'posts/0.html'"
    assert "zip bomb" in error.message
    assert files_under(tmp_path / "target") == []


def test_a_zip_of_many_entries_each_small_enough_to_pass_alone_is_refused_whole(tmp_path):
    # Each entry within the slack a small file is allowed; together 18 MB from 20 KB.
    archive = bomb(tmp_path / "export.zip", entries=300, size=60 * 1024)

    error = refused(archive, tmp_path / "target")

    assert error.item is None
    assert error.message.startswith("its 300 entries unpack to 18,432,000 bytes")
    assert "zip bomb" in error.message
    assert files_under(tmp_path / "target") == []


@pytest.mark.django_db
def test_a_wordpress_post_past_the_limit_is_refused_by_name_and_the_others_come_in(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(limits, "MAX_POST_CHARACTERS", 5_000)
    big = wxr_item(post_id=12, title="The whole report", name="report", content="word " * 2_000)
    path = write_wxr(tmp_path, wxr_item() + big)

    report = files_import(paths=[path])

    (problem,) = report.problems
    assert problem.item == 'post 12 "The whole report"'
    assert re.match(
        r"too large to import: 9,\d{3} characters, where a post may hold 5,000;", problem.text
    )
    assert list(PostPage.objects.values_list("title", flat=True)) == ["Talks resume"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source",
    [
        lambda tmp_path: HUFFPOST_FEED,
        lambda tmp_path: GHOST / "v4_export.json",
        lambda tmp_path: zipped(GHOST / "ghost-5-zip", tmp_path / "ghost.zip"),
        lambda tmp_path: WIX_CSV,
    ],
    ids=["feed", "ghost-4", "ghost-5-zip", "wix"],
)
def test_every_format_refuses_a_post_past_the_limit_naming_it(source, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_POST_CHARACTERS", 5)

    report = files_import(paths=[source(tmp_path)])

    assert report.problems, "every post of the fixture is past a 5-character limit"
    for problem in report.problems:
        assert problem.item
        assert problem.text.startswith("too large to import"), problem
    assert not PostPage.objects.exists()
