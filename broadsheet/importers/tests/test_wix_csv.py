import csv
import datetime as dt
import json
import os

import pytest

from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import wix_csv
from broadsheet.importers.formats._ricos import ricos_html
from broadsheet.importers.records import ImageRecord, NoteRecord, PostRecord, PostStatus
from broadsheet.importers.tests.corpora import corpus

COLUMNS = [
    "Author", "Main Category", "Title", "Excerpt", "ID", "Tags", "Featured", "Slug",
    "Plain Content", "Cover Image", "Published Date", "Categories", "Rich Content",
    "Post Page URL", "Last Published Date", "Internal ID",
]  # fmt: skip
EXPORTED = dt.datetime(2024, 3, 3, 9, 0, tzinfo=dt.UTC)


def parsed(path):
    records = list(wix_csv.parse(path))
    posts = [record for record in records if isinstance(record, PostRecord)]
    notes = [(record.item, record.message) for record in records if isinstance(record, NoteRecord)]
    return posts, notes


def write_csv(tmp_path, *rows):
    path = tmp_path / "posts.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({"Title": "Talks resume", "Author": "Desk Editor", **row})
    os.utime(path, (EXPORTED.timestamp(), EXPORTED.timestamp()))
    return path


def paragraph(*nodes):
    return {"type": "PARAGRAPH", "nodes": list(nodes)}


def text(value, *decorations):
    return {"type": "TEXT", "textData": {"text": value, "decorations": list(decorations)}}


def render(*nodes):
    return ricos_html({"nodes": list(nodes)})


def test_parse_reads_a_published_post_from_wixs_export():
    (post, _draft), _notes = parsed(corpus("wix/posts.csv"))

    assert post.title == "Hello Wix"
    assert post.slug == "hello-wix"
    assert post.source_id == "wix:post-1"
    assert post.author.name == "Jane Writer"
    assert post.date == dt.datetime(2025, 10, 1, 10, tzinfo=dt.UTC)
    assert post.modified == dt.datetime(2025, 10, 2, 10, tzinfo=dt.UTC)
    assert post.status is PostStatus.PUBLISHED
    assert post.excerpt == "Custom excerpt"
    assert post.sticky is True
    assert post.old_urls == ("/post/hello-wix",)
    assert post.cover_image == ImageRecord(
        url="https://static.wixstatic.com/media/example_media_image~mv2.jpg"
    )


def test_parse_turns_ricos_into_html_keeping_bold():
    (post, _draft), _notes = parsed(corpus("wix/posts.csv"))

    assert post.body_html == "<p>Hello <strong>world</strong></p>"
    assert post.paragraphs == ()


def test_parse_files_the_post_under_its_main_category_and_leaves_ids_out_with_a_note():
    (post, _draft), notes = parsed(corpus("wix/posts.csv"))

    assert post.category == "Market News"
    assert post.tags == ("Tax Planning",)
    assert (
        "row 2 (Hello Wix)",
        "left out tags and categories the export gives only as Wix ids: tag-id",
    ) in notes


def test_parse_keeps_an_unpublished_row_as_a_draft_from_its_plain_content(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_bytes(corpus("wix/posts.csv").read_bytes())
    os.utime(path, (EXPORTED.timestamp(), EXPORTED.timestamp()))

    (_post, draft), notes = parsed(path)

    assert draft.title == "Draft Wix"
    assert draft.status is PostStatus.DRAFT
    assert draft.date == EXPORTED
    assert draft.slug == "draft-wix"
    assert draft.old_urls == ()
    assert draft.body_html == ""
    assert draft.paragraphs == ("Draft plain",)
    assert draft.author.name == "Unknown author"
    assert (
        "row 3 (Draft Wix)",
        "Rich Content is not Ricos JSON: imported Plain Content, unformatted",
    ) in notes


def test_parse_dates_a_draft_by_its_last_publication_when_it_has_one(tmp_path):
    path = write_csv(tmp_path, {"Last Published Date": "2024-01-05T08:00:00Z"})

    (draft,), _notes = parsed(path)

    assert draft.status is PostStatus.DRAFT
    assert draft.date == dt.datetime(2024, 1, 5, 8, tzinfo=dt.UTC)


def test_parse_skips_a_row_without_a_title_with_a_note(tmp_path):
    path = write_csv(tmp_path, {"Title": ""})

    assert parsed(path) == ([], [("row 2 (untitled)", "skipped: the row has no title")])


def test_parse_refuses_a_csv_without_wixs_columns(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("Title,Body\nTalks,Text\n", encoding="utf-8")

    with pytest.raises(ImportFileError, match="lacks the columns Plain Content, Post Page URL"):
        list(wix_csv.parse(path))


def test_parse_reads_rich_content_past_csvs_default_field_size(tmp_path):
    words = "word " * 40_000
    document = {"nodes": [paragraph(text(words))]}
    path = write_csv(tmp_path, {"Rich Content": json.dumps(document)})

    (post,), _notes = parsed(path)

    assert len(post.body_html) > 200_000


def test_detect_recognises_wixs_csv_and_no_other():
    assert wix_csv.detect(corpus("wix/posts.csv"))
    assert not wix_csv.detect(corpus("substack/posts.csv"))
    assert not wix_csv.detect(corpus("wix"))


def test_ricos_escapes_all_text_and_attributes():
    result = render(
        paragraph(text('<script>steal()</script> & "quotes"')),
        {
            "type": "IMAGE",
            "imageData": {
                "image": {"src": {"url": 'https://x.example/a.png"onerror="steal()'}},
                "altText": '"><script>steal()</script>',
            },
        },
    )

    assert "<script" not in result.html
    assert '"onerror' not in result.html
    assert "&lt;script&gt;steal()&lt;/script&gt; &amp; &quot;quotes&quot;" in result.html


def test_ricos_keeps_decorations_and_safe_links_only():
    link = {"type": "LINK", "linkData": {"link": {"url": "https://desk.example/talks"}}}
    script_link = {"type": "LINK", "linkData": {"link": {"url": "javascript:steal()"}}}

    result = render(
        paragraph(
            text("bold", {"type": "BOLD", "fontWeightValue": 700}),
            text(" regular", {"type": "BOLD", "fontWeightValue": 400}),
            text(" italic", {"type": "ITALIC"}),
            text(" linked", link),
            text(" unlinked", script_link),
        )
    )

    assert result.html == (
        "<p><strong>bold</strong> regular<em> italic</em>"
        '<a href="https://desk.example/talks"> linked</a> unlinked</p>'
    )


def test_ricos_renders_headings_below_the_title_lists_quotes_code_and_rules():
    result = render(
        {"type": "HEADING", "headingData": {"level": 1}, "nodes": [text("Top")]},
        {"type": "HEADING", "headingData": {"level": 3}, "nodes": [text("Sub")]},
        {
            "type": "ORDERED_LIST",
            "nodes": [{"type": "LIST_ITEM", "nodes": [paragraph(text("one"))]}],
        },
        {"type": "BLOCKQUOTE", "nodes": [paragraph(text("quoted"))]},
        {"type": "CODE_BLOCK", "nodes": [text("a < b", {"type": "BOLD"})]},
        {"type": "DIVIDER"},
        paragraph(),
    )

    assert result.html == (
        "<h2>Top</h2><h3>Sub</h3><ol><li><p>one</p></li></ol>"
        "<blockquote><p>quoted</p></blockquote><pre><code>a &lt; b</code></pre><hr>"
    )
    assert result.unsupported == set()


def test_ricos_shows_wix_images_with_their_captions():
    result = render(
        {
            "type": "IMAGE",
            "imageData": {"image": {"src": {"id": "abc_123~mv2.jpg"}}, "altText": "The hall"},
            "nodes": [{"type": "CAPTION", "nodes": [text("Geneva, Monday")]}],
        }
    )

    url = "https://static.wixstatic.com/media/abc_123~mv2.jpg"
    assert result.html == (
        f'<figure><img src="{url}" alt="The hall"><figcaption>Geneva, Monday</figcaption></figure>'
    )
    assert result.images == [ImageRecord(url=url, alt="The hall", caption="Geneva, Monday")]


def test_ricos_keeps_the_text_of_nodes_it_cannot_show_and_names_them(tmp_path):
    result = render(
        {"type": "COLLAPSIBLE_LIST", "nodes": [paragraph(text("hidden"))]}, {"type": "VIDEO"}
    )

    assert result.html == "<p>hidden</p>"
    assert result.unsupported == {"COLLAPSIBLE_LIST", "VIDEO"}


def test_ricos_survives_malformed_nodes():
    result = render(
        {"type": ["PARAGRAPH"], "nodes": "not a list"},
        paragraph(text("kept", {"type": ["BOLD"]}, {"type": "LINK", "linkData": "x"})),
        {"type": "IMAGE", "imageData": {"image": {"src": {"url": "http://[::1"}}}},
        {"type": "HEADING", "headingData": {"level": "one"}, "nodes": [text("Heading")]},
    )

    assert result.html == "<p>kept</p><h2>Heading</h2>"
    assert result.unsupported == {"['PARAGRAPH']", "IMAGE without an address"}


def test_ricos_cuts_off_nesting_deeper_than_any_real_document():
    node = paragraph(text("deepest"))
    for _level in range(200):
        node = {"type": "BLOCKQUOTE", "nodes": [node]}

    result = render(node)

    assert "deepest" not in result.html
    assert result.unsupported == {"nesting deeper than 64 levels"}


def test_parse_notes_rich_content_it_could_not_show(tmp_path):
    document = {"nodes": [paragraph(text("Watch:")), {"type": "VIDEO"}]}
    path = write_csv(tmp_path, {"Rich Content": json.dumps(document)})

    (post,), notes = parsed(path)

    assert post.body_html == "<p>Watch:</p>"
    assert notes == [
        (
            "row 2 (Talks resume)",
            "Rich Content parts with no place in a post, kept as text only: VIDEO",
        )
    ]
