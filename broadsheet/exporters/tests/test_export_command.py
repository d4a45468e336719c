import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from broadsheet.blog.tests import factories
from broadsheet.exporters import broadsheet_json


def run_export(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_export_writes_broadsheets_own_zip_by_default_and_leaves_no_partial_file(tmp_path):
    factories.post("Talks resume")
    out = tmp_path / "site-export.zip"

    stdout, _ = run_export(out)

    assert zipfile.ZipFile(out).namelist() == ["broadsheet.json"]
    assert list(tmp_path.iterdir()) == [out]
    assert f"Exported the site to {out}" in stdout


@pytest.mark.django_db
def test_export_writes_a_wordpress_export_for_the_base_url_given(tmp_path):
    factories.post("Talks resume")
    out = tmp_path / "site.xml"

    run_export(out, "--format", "wxr", "--base-url", "https://desk.example")

    assert "<link>https://desk.example/post/talks-resume/</link>" in out.read_text()


def test_export_refuses_a_folder_that_does_not_exist_and_says_which(tmp_path):
    out = tmp_path / "missing" / "site.zip"

    with pytest.raises(CommandError, match=f"the folder {tmp_path / 'missing'} does not exist"):
        run_export(out)

    assert not (tmp_path / "missing").exists()


@pytest.mark.django_db
def test_an_interrupted_export_leaves_the_earlier_file_and_no_partial_one(tmp_path, monkeypatch):
    out = tmp_path / "site-export.zip"
    out.write_bytes(b"yesterday's export")

    def interrupted(file):
        file.write(b"half an export")
        raise KeyboardInterrupt

    monkeypatch.setattr(broadsheet_json, "archive_write", interrupted)

    with pytest.raises(KeyboardInterrupt):
        run_export(out)

    assert out.read_bytes() == b"yesterday's export"
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.django_db
def test_a_picture_whose_file_is_gone_is_left_out_with_a_note(tmp_path):
    image = factories.image("Lost picture")
    image.file.storage.delete(image.file.name)
    out = tmp_path / "site-export.zip"

    _, stderr = run_export(out)

    assert f"note: image {image.pk} (Lost picture): its file cannot be read" in stderr
    assert broadsheet_json.IMAGES_FOLDER not in str(zipfile.ZipFile(out).namelist())
