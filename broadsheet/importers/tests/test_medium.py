import datetime as dt
import os
import shutil
import zipfile

import pytest

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import medium
from broadsheet.importers.parsing import element_text, fragment
from broadsheet.importers.records import AuthorRecord, ImageRecord, NoteRecord, PostRecord
from broadsheet.importers.records import PostStatus as Status
from broadsheet.importers.tests.corpora import corpus

PUBLISHED = dt.datetime(2018, 8, 11, 11, 23, 34, 123000, tzinfo=dt.UTC)
EXPORTED = dt.datetime(2024, 3, 3, 9, 0, tzinfo=dt.UTC)
TESTPOST = "https://medium.com/@JoeBloggs/testpost-efefef12121212"

# File, title, status, date (None: the export's), Medium address.
EXPECTED_POSTS = [
    ("advanced-post", "Advanced Post Title", Status.PUBLISHED, PUBLISHED, TESTPOST),
    ("basic-post", "Basic Post Title", Status.PUBLISHED, PUBLISHED, TESTPOST),
    ("code-post", "Code Post Title", Status.PUBLISHED, PUBLISHED, TESTPOST),
    ("draft-post", "Draft Post Title", Status.DRAFT, None, ""),
    ("no-date-post", "No Date Post", Status.DRAFT, None,
     "https://medium.com/@JoeBloggs/no-date-post-efefef121212"),
    ("no-slug-post", "No Slug Post", Status.PUBLISHED, PUBLISHED,
     "https://medium.com/@JoeBloggs/1234567890"),
    ("quote-post", "Quote Post Title", Status.PUBLISHED, PUBLISHED, TESTPOST),
    ("short-post", "Short Post Title", Status.PUBLISHED, PUBLISHED, TESTPOST),
]  # fmt: skip


@pytest.fixture
def export(tmp_path):
    """A copy of the corpus's Medium export, exported at a known time."""
    folder = tmp_path / "medium-export"
    shutil.copytree(corpus("medium"), folder)
    for path in (folder, folder / "posts"):
        os.utime(path, (EXPORTED.timestamp(), EXPORTED.timestamp()))
    return folder


def zip_folder(folder, archive):
    with zipfile.ZipFile(archive, "w") as zip_file:
        for path in sorted(folder.rglob("*")):
            zip_file.write(path, path.relative_to(folder).as_posix())
    os.utime(archive, (EXPORTED.timestamp(), EXPORTED.timestamp()))
    return archive


def parsed(path):
    records = list(medium.parse(path))
    posts = {record.source_id: record for record in records if isinstance(record, PostRecord)}
    return posts, [record for record in records if isinstance(record, NoteRecord)]


def body_text(record):
    return " ".join(element_text(fragment(record.body_html)).split())


@pytest.mark.parametrize(("name", "title", "status", "date", "address"), EXPECTED_POSTS)
def test_parse_reads_each_posts_title_status_date_and_medium_address(
    export, name, title, status, date, address
):
    posts, _notes = parsed(export)
    post = posts[f"medium:{name}"]

    assert post.title == title
    assert post.status is status
    assert post.date == (date or EXPORTED)
    if address:
        assert post.old_urls == (address, address.removeprefix("https://medium.com"))
    else:
        assert post.old_urls == ()


def test_parse_reads_the_export_zip_the_folder_and_the_posts_folder_alike(export, tmp_path):
    archive = zip_folder(export, tmp_path / "medium-export.zip")

    from_folder = parsed(export)
    assert parsed(archive) == from_folder
    assert parsed(export / "posts")[0] == from_folder[0]


def test_a_response_to_a_story_the_export_lacks_is_a_draft_marked_as_a_response(export):
    posts, notes = parsed(export)

    response = posts["medium:comment"]
    assert response.status is Status.DRAFT
    assert response.tags == ("Medium response",)
    assert [note.item for note in notes] == ["posts/comment.html"]
    assert "a response to another story, which Medium's export does not name" in notes[0].message


def test_parse_takes_the_posts_author_else_the_exporting_accounts_name(export):
    posts, _notes = parsed(export)

    assert posts["medium:basic-post"].author == AuthorRecord(name="Joe Bloggs")
    # A draft names no author: the profile's h-card does.
    assert posts["medium:draft-post"].author == AuthorRecord(name="User Name")


def test_parse_drops_the_title_and_subtitle_medium_repeats_atop_the_body(export):
    posts, _notes = parsed(export)
    post = posts["medium:advanced-post"]
    text = body_text(post)

    assert post.excerpt == "This is a subtitle of some sort"
    assert "Advanced Post Title" not in text
    assert "<h4" in post.body_html  # "Another header", further down, stays
    # The subtitle repeated as a paragraph under the picture is the author's text.
    assert text.startswith("This is an image caption This is a subtitle of some sort")
    assert text.endswith("🎉 This is a call to action")


def test_parse_keeps_tags_and_the_pictures_alt_text_and_captions(export):
    posts, _notes = parsed(export)
    post = posts["medium:advanced-post"]

    assert post.tags == ("Things", "Stuff")
    assert post.images == (
        ImageRecord(
            url="https://cdn-images-1.medium.com/max/2000/abc123.jpeg",
            alt="This is image alt text",
            caption="This is an image caption",
        ),
        ImageRecord(
            url="https://cdn-images-1.medium.com/max/800/xyz123.jpeg",
            caption="Test a marked up caption",
        ),
    )


def test_parse_keeps_code_and_quotes(export):
    posts, _notes = parsed(export)

    assert "sudo apt-get update<br>sudo apt-get install" in posts["medium:code-post"].body_html
    assert "<blockquote" in posts["medium:quote-post"].body_html


def test_parse_names_posts_by_the_id_in_medium_file_names(export):
    (export / "posts" / "basic-post.html").rename(
        export / "posts" / "2018-08-11_Basic-Post-Title-efefef121212.html"
    )

    posts, _notes = parsed(export)

    assert posts["medium:efefef121212"].title == "Basic Post Title"
    assert posts["medium:efefef121212"].slug == "basic-post-title"


def test_parse_skips_a_page_in_posts_that_is_not_a_medium_post(export):
    (export / "posts" / "notes.html").write_text("<p>Reading list</p>", encoding="utf-8")
    (export / "posts" / "empty.html").write_bytes(b"")

    posts, notes = parsed(export)

    assert len(posts) == 9
    skipped = {note.item: note.message for note in notes if note.item != "posts/comment.html"}
    assert skipped == dict.fromkeys(
        ["posts/empty.html", "posts/notes.html"],
        "skipped: not a Medium post (it has no .p-name title or body)",
    )


def test_parse_refuses_an_export_zip_with_an_entry_outside_it(tmp_path):
    archive = tmp_path / "medium-export.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.writestr("posts/../../evil.html", '<article class="h-entry"></article>')

    with pytest.raises(ImportFileError) as raised:
        list(medium.parse(archive))

    assert raised.value.path == archive
    assert raised.value.item == "entry 'posts/../../evil.html'"
    assert not (tmp_path.parent / "evil.html").exists()


def test_detect_recognises_a_medium_export_in_each_shape(export, tmp_path):
    archive = zip_folder(export, tmp_path / "medium-export.zip")

    assert medium.detect(export)
    assert medium.detect(export / "posts")
    assert medium.detect(archive)


def test_detect_leaves_other_exports_alone(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.writestr("posts/1.html", "<p>A Substack post body</p>")

    assert not medium.detect(corpus("substack"))
    assert not medium.detect(archive)
    assert not medium.detect(corpus("medium/posts/basic-post.html"))
