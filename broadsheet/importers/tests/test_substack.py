import datetime as dt
import shutil
import zipfile

import pytest

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import substack
from broadsheet.importers.parsing import element_text, fragment
from broadsheet.importers.records import NoteRecord, PostKind, PostRecord, PostStatus
from broadsheet.importers.tests.corpora import corpus

HEADER = "post_id,post_date,is_published,email_sent_at,type,audience,title,subtitle,podcast_url\n"


@pytest.fixture
def export(tmp_path):
    folder = tmp_path / "substack-export"
    shutil.copytree(corpus("substack"), folder)
    return folder


def parsed(path):
    records = list(substack.parse(path))
    posts = {record.source_id: record for record in records if isinstance(record, PostRecord)}
    notes = {record.item: record.message for record in records if isinstance(record, NoteRecord)}
    return posts, notes


def body_text(record):
    return " ".join(element_text(fragment(record.body_html)).split())


def write_export(tmp_path, rows, bodies):
    folder = tmp_path / "export"
    (folder / "posts").mkdir(parents=True)
    (folder / "posts.csv").write_text(HEADER + rows, encoding="utf-8")
    for post_id, body in bodies.items():
        (folder / "posts" / f"{post_id}.html").write_text(body, encoding="utf-8")
    return folder


def test_parse_reads_titles_dates_and_subtitles_with_html_entities_decoded(export):
    posts, _notes = parsed(export)
    post = posts["substack:123401.plain-text"]

    assert post.title == "Plain Text"
    assert post.excerpt == "“This quote’s rather short”"
    assert post.date == dt.datetime(2019, 7, 26, 20, 48, 19, 814000, tzinfo=dt.UTC)
    assert post.status is PostStatus.PUBLISHED
    assert post.kind is PostKind.POST
    assert post.slug == "plain-text"
    assert post.old_urls == ("/p/plain-text",)
    assert body_text(post).startswith("Lorem Ipsum Lorem ipsum dolor sit amet")


def test_parse_drops_substacks_subscribe_and_comment_buttons(export):
    posts, _notes = parsed(export)

    assert "Sign up" not in body_text(posts["substack:123401.plain-text"])
    assert "Leave a comment" not in body_text(posts["substack:123402.podcast"])


def test_parse_keeps_an_unpublished_post_as_a_draft_with_no_old_address(export):
    posts, _notes = parsed(export)
    draft = posts["substack:123404.draft-text"]

    assert draft.status is PostStatus.DRAFT
    assert draft.slug == "draft-text"
    assert draft.old_urls == ()


def test_parse_puts_a_podcasts_audio_at_the_top_of_its_post_and_says_so(export):
    posts, notes = parsed(export)
    podcast = posts["substack:123402.podcast"]

    audio = fragment(podcast.body_html)[0]
    assert audio.tag == "figure"
    # The writer keeps the player as an embed card leading to the audio.
    assert audio.find("audio").get("src") == "https://example.com/my-audio/file.mp3"
    assert podcast.title == "Comment Buttons"
    assert podcast.kind is PostKind.POST
    assert "my-audio/file.mp3" in notes["posts.csv row 3 (Comment Buttons)"]


def test_parse_skips_a_thread_with_a_note(export):
    posts, notes = parsed(export)

    assert "substack:123403.thread" not in posts
    assert notes["posts.csv row 4 (Talk to Us)"] == (
        "skipped: a thread is a discussion among readers, not a post"
    )


def test_parse_makes_a_page_a_page(export):
    posts, _notes = parsed(export)

    assert posts["substack:123405.about-us"].kind is PostKind.PAGE


def test_parse_files_posts_under_a_placeholder_author_and_says_so(export):
    posts, notes = parsed(export)

    assert {post.author.name for post in posts.values()} == {"Unknown author"}
    assert "names no author" in notes["posts.csv"]


def test_parse_reads_the_zip_the_folder_and_its_posts_csv_alike(export, tmp_path):
    archive = tmp_path / "substack-export.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        for path in sorted(export.rglob("*")):
            zip_file.write(path, path.relative_to(export).as_posix())

    from_folder = parsed(export)

    assert len(from_folder[0]) == 4
    assert parsed(archive) == from_folder
    assert parsed(export / "posts.csv") == from_folder


def test_parse_keeps_a_post_for_paying_subscribers_as_a_draft_and_says_why(tmp_path):
    folder = write_export(
        tmp_path,
        "7.paid,2024-03-03T09:00:00.000Z,TRUE,,newsletter,only_paid,Paid post,,\n",
        {"7.paid": "<p>For subscribers.</p>"},
    )

    posts, notes = parsed(folder)

    assert posts["substack:7.paid"].status is PostStatus.DRAFT
    assert posts["substack:7.paid"].old_urls == ("/p/paid",)
    assert "only to paying subscribers" in notes["posts.csv row 2 (Paid post)"]


def test_parse_skips_a_row_whose_body_is_missing_with_a_note(tmp_path):
    folder = write_export(
        tmp_path, "8.gone,2024-03-03T09:00:00.000Z,TRUE,,newsletter,everyone,Gone,,\n", {}
    )

    posts, notes = parsed(folder)

    assert posts == {}
    assert "posts/8.gone.html, is not in the export" in notes["posts.csv row 2 (Gone)"]


def test_parse_reads_no_file_outside_the_exports_posts_folder(tmp_path):
    folder = write_export(
        tmp_path, "../../secret,2024-03-03T09:00:00.000Z,TRUE,,newsletter,everyone,Secret,,\n", {}
    )
    (tmp_path / "secret.html").write_text("<p>Not the export's</p>", encoding="utf-8")

    posts, notes = parsed(folder)

    assert posts == {}
    assert "is not a file name" in notes["posts.csv row 2 (Secret)"]


def test_parse_refuses_a_posts_csv_without_substacks_columns(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "posts.csv").write_text("post_id,title\n1.a,A\n", encoding="utf-8")

    with pytest.raises(ImportFileError, match="lacks the columns is_published, post_date, type"):
        list(substack.parse(folder))


def test_parse_names_the_export_and_the_file_inside_it_that_is_not_utf8(tmp_path):
    folder = write_export(
        tmp_path, "9.latin,2024-03-03T09:00:00.000Z,TRUE,,newsletter,everyone,Latin,,\n", {}
    )
    (folder / "posts" / "9.latin.html").write_bytes("<p>Caf\u00e9</p>".encode("latin-1"))
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        for path in sorted(folder.rglob("*")):
            zip_file.write(path, path.relative_to(folder).as_posix())

    with pytest.raises(ImportFileError) as raised:
        list(substack.parse(archive))

    assert raised.value.path == archive
    assert raised.value.item == "posts/9.latin.html"
    assert "not UTF-8" in raised.value.message


def test_detect_recognises_substacks_posts_csv_in_each_shape(export, tmp_path):
    archive = tmp_path / "substack-export.zip"
    with zipfile.ZipFile(archive, "w") as zip_file:
        zip_file.write(export / "posts.csv", "posts.csv")

    assert substack.detect(export)
    assert substack.detect(export / "posts.csv")
    assert substack.detect(archive)


def test_detect_leaves_other_csv_files_and_exports_alone():
    assert not substack.detect(corpus("wix/posts.csv"))
    assert not substack.detect(corpus("medium"))
