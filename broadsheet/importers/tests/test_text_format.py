import datetime as dt
import itertools

import pytest
from django.utils import timezone
from django.utils.text import slugify
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import text
from broadsheet.importers.records import AuthorRecord
from broadsheet.importers.tests.dumps import FURNITURE, dump_text, write_dump

PARAGRAPHS = (
    "Delegations met on Monday for the first time since the talks broke down in January.",
    "A second round is planned for the end of the month, officials said.",
)


def parse_one(path):
    (record,) = list(text.parse(path))
    return record


def test_parse_reads_the_header_and_paragraphs_and_drops_the_page_furniture(tmp_path):
    path = write_dump(tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=PARAGRAPHS)

    record = parse_one(path)

    assert record.title == "Talks resume in Geneva"
    assert record.slug == "talks-resume-in-geneva"
    assert record.source_id == "text:talks-resume-in-geneva"
    assert record.author == AuthorRecord(name="Desk Editor")
    assert timezone.localtime(record.date).date() == dt.date(2024, 3, 3)
    assert record.paragraphs == PARAGRAPHS


def test_parse_reads_a_file_without_the_page_furniture(tmp_path):
    path = write_dump(tmp_path, "talks.txt", title="Talks", paragraphs=PARAGRAPHS, furniture=())

    assert parse_one(path).paragraphs == PARAGRAPHS


def test_parse_keeps_paragraphs_that_only_mention_recent_posts(tmp_path):
    paragraphs = (
        "Our Recent Posts page lists what the desk filed this week.",
        "Recent Posts",
        "See All of them on the archive page, the editor said.",
        "The last paragraph of the story.",
    )
    path = write_dump(tmp_path, "talks.txt", title="Talks", paragraphs=paragraphs)

    # The middle pair looks like furniture, but the real furniture comes after it.
    assert parse_one(path).paragraphs == paragraphs


def test_parse_ignores_blank_lines_a_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "talks.txt"
    layout = dump_text(title="Talks resume in Geneva", paragraphs=PARAGRAPHS)
    spaced = layout.replace("\n", "\r\n\r\n  ")
    path.write_bytes(b"\xef\xbb\xbf" + spaced.encode())

    record = parse_one(path)

    assert record.title == "Talks resume in Geneva"
    assert record.paragraphs == PARAGRAPHS


def test_parse_keeps_the_letters_of_a_title_in_another_script_in_the_slug(tmp_path):
    path = write_dump(tmp_path, "talks.txt", title="Переговоры в Женеве", paragraphs=PARAGRAPHS)

    record = parse_one(path)

    assert record.slug == "переговоры-в-женеве"
    assert record.source_id == "text:переговоры-в-женеве"


HEADER = "Talks\n- Desk Editor\n- Mar 3, 2024\n- 2 min read\n"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("", "expected a post's title on line 1, found an empty file"),
        ("\n  \n\n", "expected a post's title on line 1, found an empty file"),
        (
            "- Desk Editor\n- Mar 3, 2024\n",
            "line 1: expected the post's title, found '- Desk Editor'",
        ),
        (
            "Talks\n",
            "after line 1: expected the author as '- Name', found the end of the file",
        ),
        (
            "Talks\nMar 3, 2024\n- 2 min read\nText.\n",
            "line 2: expected the author as '- Name', found 'Mar 3, 2024'",
        ),
        (
            "Talks\n- Mar 3, 2024\n- 2 min read\nText.\n",
            "line 2: expected the author as '- Name', found '- Mar 3, 2024'",
        ),
        (
            "Talks\n- Desk Editor\n- yesterday\n- 2 min read\nText.\n",
            "line 3: expected a date like '- Mar 3, 2024', found '- yesterday'",
        ),
        (
            "\nTalks\n\n- Desk Editor\n- 3 March 2024\n- 2 min read\nText.\n",
            "line 5: expected a date like '- Mar 3, 2024', found '- 3 March 2024'",
        ),
        (
            "Talks\n- Desk Editor\n- Feb 30, 2024\n- 2 min read\nText.\n",
            "line 3: 'Feb 30, 2024' is not a date on the calendar",
        ),
        (
            "Talks\n- Desk Editor\n- Mar 3, 2024\n- two minutes\nText.\n",
            "line 4: expected the reading time like '- 2 min read', found '- two minutes'",
        ),
        (
            HEADER,
            "after line 4: expected the post's first paragraph, found the end of the file",
        ),
        (
            HEADER + "Recent Posts\nSee AllAnother story\nComments\n",
            "line 5: expected the post's first paragraph, found 'Recent Posts'",
        ),
        (
            "!!!\n- Desk Editor\n- Mar 3, 2024\n- 2 min read\nText.\n",
            "line 1: the title '!!!' has no letters or digits to make the post's address from",
        ),
    ],
)
def test_parse_refuses_a_file_not_in_the_layout_naming_file_line_and_expectation(
    tmp_path, content, error
):
    path = tmp_path / "notes.txt"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ImportFileError) as raised:
        parse_one(path)

    assert str(raised.value) == f"{path}: {error}"


def test_parse_refuses_a_file_that_is_not_utf8_naming_the_line(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes((HEADER + "Caf\xe9 owners protest.\n").encode("latin-1"))

    with pytest.raises(ImportFileError) as raised:
        parse_one(path)

    assert str(raised.value).startswith(f"{path}: line 5: not UTF-8 text (byte 0xe9 at offset")
    assert "save the file as UTF-8" in str(raised.value)


def test_parse_refuses_a_binary_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Talks\x00\x00\x00\x01\x02")

    with pytest.raises(ImportFileError) as raised:
        parse_one(path)

    assert str(raised.value) == f"{path}: a binary file, not text (it contains NUL bytes)"


def test_detect_recognises_the_layout_without_a_txt_name(tmp_path):
    dump = write_dump(tmp_path, "talks", title="Talks", paragraphs=PARAGRAPHS)
    notes = tmp_path / "notes"
    notes.write_text("Talks\nMar 3, 2024\nText.\n", encoding="utf-8")

    assert text.detect(dump)
    assert not text.detect(notes)


# Lines of any letters, marks, numbers, symbols and spaces (no control characters), with
# pieces a naive parser would trip on mixed in often: Unicode line and paragraph
# separators, which belong to a paragraph's text, the layout's own dash, and the words of
# the page's furniture.
_tricky_piece = st.sampled_from(["\u2028", "\u2029", "\u00a0", " - ", "Recent Posts", "See All"])
_line_text = (
    st.lists(
        st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=12)
        | _tricky_piece,
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .map(str.strip)
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# No deadline: each example writes a file, which a busy machine may take a while to do.
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150, deadline=None
)
@given(
    title=_line_text,
    author=_line_text,
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    paragraphs=st.lists(_line_text.filter(bool), min_size=1, max_size=5),
    furniture=st.booleans(),
)
def test_parse_reads_back_any_post_written_in_the_layout(
    tmp_path, title, author, day, paragraphs, furniture
):
    assume(not title.startswith("- ") and slugify(title, allow_unicode=True))
    assume(author)
    # Such a pair is the page's furniture by definition, wherever it stands.
    assume(
        not any(
            first == "Recent Posts" and second.startswith("See All")
            for first, second in itertools.pairwise(paragraphs)
        )
    )
    path = tmp_path / "generated.txt"
    path.write_text(
        dump_text(
            title=title,
            author=author,
            date=f"{_MONTHS[day.month - 1]} {day.day}, {day.year}",
            paragraphs=paragraphs,
            furniture=FURNITURE if furniture else (),
        ),
        encoding="utf-8",
    )

    record = parse_one(path)

    assert (record.title, record.author.name, record.paragraphs) == (
        title,
        author,
        tuple(paragraphs),
    )
    assert timezone.localtime(record.date).date() == day
