import stat
import tempfile
import zipfile

import pytest

from broadsheet.importers import archives
from broadsheet.importers.archives import export_folder, unpack_zip
from broadsheet.importers.errors import ImportFileError


def make_zip(path, entries, *, compression=zipfile.ZIP_STORED):
    """A zip at ``path`` holding ``entries``: (name or ZipInfo, bytes) pairs."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def symlink_entry(name, target):
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, whose mode bits the attributes carry
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def refused(archive, target):
    """The error unpacking ``archive`` into ``target`` raises."""
    target.mkdir()
    with pytest.raises(ImportFileError) as raised:
        unpack_zip(archive, target)
    return raised.value


def files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_unpack_zip_writes_each_file_and_folder_inside_the_target(tmp_path):
    archive = make_zip(
        tmp_path / "export.zip",
        [("posts.csv", b"post_id\n"), ("posts/1.html", b"<p>One</p>"), ("empty/", b"")],
    )
    target = tmp_path / "target"
    target.mkdir()

    unpack_zip(archive, target)

    assert files_under(target) == ["empty", "posts", "posts.csv", "posts/1.html"]
    assert (target / "posts" / "1.html").read_bytes() == b"<p>One</p>"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil", "'..'"),
        ("posts/../../evil", "'..'"),
        ("..\\evil", "'..'"),
        ("/etc/evil", "absolute path"),
        ("\\evil", "absolute path"),
        ("C:/evil", "absolute path"),
    ],
)
def test_unpack_zip_refuses_an_entry_that_would_land_outside_and_writes_nothing(
    tmp_path, name, problem
):
    archive = make_zip(tmp_path / "export.zip", [("posts/ok.html", b"ok"), (name, b"evil")])

    error = refused(archive, tmp_path / "target")

    assert error.path == archive
    assert error.item == f"entry {name!r}"
    assert problem in error.message
    assert str(error).startswith(f"{archive}: entry ")
    assert files_under(tmp_path) == ["export.zip", "target"]


def test_unpack_zip_refuses_a_symbolic_link(tmp_path):
    archive = make_zip(tmp_path / "export.zip", [symlink_entry("posts/link", "/etc/passwd")])

    error = refused(archive, tmp_path / "target")

    assert error.item == "entry 'posts/link'"
    assert "symbolic link" in error.message
    assert files_under(tmp_path) == ["export.zip", "target"]


def test_unpack_zip_refuses_more_entries_than_an_export_holds(tmp_path):
    count = archives.MAX_ENTRIES + 1
    archive = make_zip(tmp_path / "export.zip", ((f"posts/{n}.html", b"") for n in range(count)))

    error = refused(archive, tmp_path / "target")

    assert error.path == archive
    assert error.item == f"entry 'posts/{archives.MAX_ENTRIES}.html'"
    assert f"{count:,} entries" in error.message
    assert files_under(tmp_path / "target") == []


def test_unpack_zip_refuses_a_zip_bomb_by_its_compression_ratio(tmp_path):
    zeros = bytes(20 * 1024**2)
    archive = make_zip(
        tmp_path / "export.zip", [("posts/bomb.html", zeros)], compression=zipfile.ZIP_DEFLATED
    )

    error = refused(archive, tmp_path / "target")

    assert error.item == "entry 'posts/bomb.html'"
    assert "zip bomb" in error.message
    assert files_under(tmp_path / "target") == []


def test_unpack_zip_accepts_a_small_file_that_compresses_well(tmp_path):
    archive = make_zip(
        tmp_path / "export.zip", [("blank.txt", bytes(64 * 1024))], compression=zipfile.ZIP_DEFLATED
    )
    target = tmp_path / "target"
    target.mkdir()

    unpack_zip(archive, target)

    assert (target / "blank.txt").stat().st_size == 64 * 1024


def test_unpack_zip_refuses_an_archive_larger_than_the_total_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 1000)
    archive = make_zip(tmp_path / "export.zip", [("a.html", bytes(600)), ("b.html", bytes(600))])

    error = refused(archive, tmp_path / "target")

    assert error.item == "entry 'b.html'"
    assert "more than 1,000 bytes" in error.message
    assert files_under(tmp_path / "target") == []


def test_unpack_zip_refuses_a_file_that_is_not_a_zip(tmp_path):
    archive = tmp_path / "export.zip"
    archive.write_text("post_id,title\n", encoding="utf-8")

    error = refused(archive, tmp_path / "target")

    assert error.path == archive
    assert "not a readable zip archive" in error.message


def test_export_folder_gives_a_folder_as_it_is(tmp_path):
    with export_folder(tmp_path) as folder:
        assert folder == tmp_path


def test_export_folder_unpacks_a_zip_and_deletes_it_afterwards(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))
    (tmp_path / "temporary").mkdir()
    archive = make_zip(tmp_path / "export.zip", [("posts.csv", b"post_id\n")])

    with export_folder(archive) as folder:
        assert (folder / "posts.csv").read_bytes() == b"post_id\n"
        assert folder.parent == tmp_path / "temporary"

    assert list((tmp_path / "temporary").iterdir()) == []


def test_export_folder_deletes_its_temporary_folder_when_the_zip_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))
    (tmp_path / "temporary").mkdir()
    archive = make_zip(tmp_path / "export.zip", [("ok.html", b"ok"), ("../evil", b"evil")])

    with pytest.raises(ImportFileError), export_folder(archive):
        pytest.fail("a refused archive must not be opened")

    assert list((tmp_path / "temporary").iterdir()) == []
    assert not (tmp_path / "evil").exists()
