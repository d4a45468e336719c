import io
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from broadsheet.blog.models import Author, BlogIndexPage, Category, PostPage
from broadsheet.comments.models import Comment
from broadsheet.importers import services
from broadsheet.importers.formats import FORMATS
from broadsheet.importers.records import AuthorRecord, CategoryRecord, NoteRecord
from broadsheet.importers.tests.dumps import write_dump
from broadsheet.importers.tests.factories import comment_record, post_record
from broadsheet.importers.tests.test_images import FakeFetcher

PARAGRAPHS = ("Delegations met on Monday.", "A second round is planned.")
KINDS = ("posts", "pages", "comments", "images", "redirects", "categories")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run_import(*args, stdout=None):
    """The command's output and error streams, and the CommandError it raised, if any."""
    out, err = stdout or io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def table(out):
    """The summary table's counts: {kind: {outcome: count}}."""
    lines = [line.split() for line in out.splitlines()]
    header = next(cells for cells in lines if cells[:1] == ["created"] or "would" in cells)
    outcomes = " ".join(header).replace("would ", "would_").split()
    return {
        cells[0]: dict(zip(outcomes, map(int, cells[1:]), strict=True))
        for cells in lines
        if cells[:1] and cells[0] in KINDS
    }


def created(out, kind="posts"):
    return table(out)[kind]["created"]


@pytest.fixture
def records_format(monkeypatch, tmp_path):
    """A format that yields the records a test gives it, for any file it is named for."""

    def use(*records):
        fake = SimpleNamespace(
            DESCRIPTION="records for a test", detect=lambda path: True, parse=lambda path: records
        )
        monkeypatch.setitem(FORMATS, "records", fake)
        path = tmp_path / "archive.xml"
        path.write_text("", encoding="utf-8")
        return path

    return use


@pytest.mark.django_db
def test_import_prints_a_table_of_what_it_did_by_kind(tmp_path):
    talks = write_dump(tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=PARAGRAPHS)

    out, err, error = run_import(talks)

    assert error is None
    assert err == ""
    assert table(out) == {
        "posts": {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0},
        **{
            kind: {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0}
            for kind in KINDS[1:]
        },
    }


@pytest.mark.django_db
def test_import_again_after_an_edit_updates_the_one_post(tmp_path):
    talks = write_dump(tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=PARAGRAPHS)
    run_import(talks)
    write_dump(
        tmp_path,
        "talks.txt",
        title="Talks resume in Geneva",
        paragraphs=("Delegations met on Monday.", "The second round is off."),
    )

    out, _, error = run_import(talks)

    assert error is None
    assert table(out)["posts"]["updated"] == 1
    assert [block.value.source for block in PostPage.objects.get().body] == [
        "<p>Delegations met on Monday.</p>",
        "<p>The second round is off.</p>",
    ]


@pytest.mark.django_db
def test_import_of_an_unchanged_file_says_so(tmp_path):
    talks = write_dump(tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=PARAGRAPHS)
    run_import(talks)

    out, _, _ = run_import(talks)

    assert table(out)["posts"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "skipped": 0,
        "failed": 0,
    }


@pytest.mark.django_db
def test_import_credits_the_author_of_a_second_file_to_the_same_person(tmp_path):
    first = write_dump(tmp_path, "talks.txt", title="Talks resume", paragraphs=PARAGRAPHS)
    second = write_dump(tmp_path, "floods.txt", title="Floods recede", paragraphs=PARAGRAPHS)

    run_import(first)
    run_import(second)

    author = Author.objects.get()
    assert author.name == "Desk Editor"
    assert set(PostPage.objects.values_list("author", flat=True)) == {author.pk}


@pytest.mark.django_db
def test_import_counts_every_kind_and_lists_each_note_with_its_file_and_item(records_format):
    archive = records_format(
        CategoryRecord(name="Europe"),
        post_record(
            category="Europe",
            body_html='<p>Text</p><img src="https://cdn.example/a.png" alt="A">',
            old_urls=("/?p=1",),
            comments=(comment_record("1"), comment_record("2", parent_source_id="1")),
        ),
        NoteRecord("3 nav_menu_item items", "not a post or page; not imported"),
    )

    out, err, error = run_import(archive)

    assert error is None
    assert err == ""
    counts = table(out)
    assert [counts[kind]["created"] for kind in KINDS] == [1, 0, 2, 0, 1, 1]
    assert counts["images"]["skipped"] == 1
    assert f"note: {archive}: 3 nav_menu_item items: not a post or page; not imported" in out
    # Pictures left as links are told once, with the way to fetch them later.
    assert out.splitlines()[-2] == (
        "1 picture stayed where it lives, the posts linking to it: to copy them in, run "
        f"manage.py import --fetch-images {archive} (or give their folder with --media); "
        "what is imported already is not fetched again."
    )
    assert out.splitlines()[-1] == "Imported: nothing failed, nothing was left out."


@pytest.mark.django_db
def test_import_fetches_pictures_only_when_asked(records_format, monkeypatch):
    fetcher = FakeFetcher()
    monkeypatch.setattr(services, "ImageFetcher", lambda: fetcher)
    archive = records_format(post_record(body_html='<img src="https://cdn.example/a.png">'))

    run_import(archive)
    assert fetcher.fetched == []

    out, _, _ = run_import(archive, "--fetch-images")
    assert fetcher.fetched == ["https://cdn.example/a.png"]
    assert table(out)["images"]["created"] == 1
    assert table(out)["posts"]["updated"] == 1


@pytest.mark.django_db
def test_import_dry_run_reports_what_would_happen_and_writes_nothing(records_format):
    archive = records_format(
        CategoryRecord(name="Europe"),
        post_record(category="Europe", old_urls=("/?p=1",), comments=(comment_record("1"),)),
    )

    out, _, error = run_import(archive, "--dry-run")

    assert error is None
    counts = table(out)
    assert counts["posts"]["would_create"] == 1
    assert counts["comments"]["would_create"] == 1
    assert counts["redirects"]["would_create"] == 1
    assert counts["categories"]["would_create"] == 1
    assert out.splitlines()[-1] == "Dry run, nothing written."
    assert not PostPage.objects.exists()
    assert not Author.objects.exists()
    assert not Category.objects.exists()
    assert not Comment.objects.exists()
    assert not BlogIndexPage.objects.exists()


@pytest.mark.django_db
def test_import_maps_authors_as_the_author_map_says(records_format, tmp_path):
    author_map = tmp_path / "authors.csv"
    author_map.write_text('jsmith,Jane Smith\n\n"Smith, J.",Jane Smith\n', encoding="utf-8")
    archive = records_format(
        post_record(author=AuthorRecord(name="jsmith")),
        post_record(source_id="test:2", slug="second", author=AuthorRecord(name="Smith, J.")),
    )

    run_import(archive, "--author-map", author_map)

    assert list(Author.objects.values_list("name", flat=True)) == ["Jane Smith"]
    assert PostPage.objects.filter(author__name="Jane Smith").count() == 2


@pytest.mark.django_db
def test_import_refuses_an_author_map_it_cannot_read(tmp_path):
    talks = write_dump(tmp_path, "talks.txt", title="Talks", paragraphs=PARAGRAPHS)
    author_map = tmp_path / "authors.csv"
    author_map.write_text("jsmith,Jane Smith\njdoe\n", encoding="utf-8")

    _, _, error = run_import(talks, "--author-map", author_map)

    assert str(error) == (f"--author-map: {author_map}: line 2: expected 'source name,target name'")
    assert not PostPage.objects.exists()


@pytest.mark.django_db
def test_import_fails_with_the_bad_files_problem_while_the_good_file_imports(tmp_path):
    good = write_dump(tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=PARAGRAPHS)
    bad = write_dump(tmp_path, "notes.txt", title="Notes", date="yesterday", paragraphs=PARAGRAPHS)

    out, err, error = run_import(bad, good)

    assert str(error) == "1 failed; see the problems above."
    assert err.splitlines() == [
        f"problem: {bad}: line 3: expected a date like '- Mar 3, 2024', found '- yesterday'"
    ]
    assert created(out) == 1
    assert PostPage.objects.get().title == "Talks resume in Geneva"


@pytest.mark.django_db
def test_import_reports_a_file_that_does_not_exist(tmp_path):
    missing = tmp_path / "missing.txt"

    _, err, error = run_import(missing)

    assert error is not None
    assert err.splitlines() == [f"problem: {missing}: No such file or directory"]


@pytest.mark.django_db
def test_import_reports_a_post_the_site_cannot_hold_by_field(tmp_path):
    long_title = write_dump(tmp_path, "long.txt", title="Talks " * 50, paragraphs=PARAGRAPHS)

    out, err, error = run_import(long_title)

    assert error is not None
    assert err.startswith(f"problem: {long_title}: Talks Talks")
    assert "title: Ensure this value has at most 255 characters (it has 299)." in err
    assert table(out)["posts"]["failed"] == 1
    assert not PostPage.objects.exists()


@pytest.mark.django_db
def test_import_shows_a_progress_bar_on_a_terminal_only(tmp_path):
    talks = write_dump(tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=PARAGRAPHS)

    on_terminal, _, _ = run_import(talks, stdout=Terminal())
    in_a_file, _, _ = run_import(talks)

    assert "items" in on_terminal
    assert "\x1b[" in on_terminal
    assert "items" not in in_a_file
    assert "\x1b[" not in in_a_file
