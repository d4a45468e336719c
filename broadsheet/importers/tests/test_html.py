import datetime as dt
import json

import pytest

from broadsheet.core.sanitize import sanitize_html
from broadsheet.importers.formats import html
from broadsheet.importers.parsing import element_text, fragment, iso_datetime
from broadsheet.importers.records import NoteRecord, PostRecord, PostStatus
from broadsheet.importers.tests.corpora import corpus

PARAGRAPHS = "".join(
    f"<p>Paragraph {number}: delegations met on Monday in Geneva for the first time since the "
    "talks broke down in January, and officials said a second round was planned.</p>"
    for number in range(1, 5)
)


def parse_page(path):
    records = list(html.parse(path))
    (post,) = [record for record in records if isinstance(record, PostRecord)]
    return post, [record for record in records if isinstance(record, NoteRecord)]


def text_of(markup):
    return " ".join(element_text(fragment(markup)).split())


def post_text(post):
    """What a reader of the imported post sees: its body, then its comments."""
    return " ".join([text_of(post.body_html), *(comment.body for comment in post.comments)])


def write_page(tmp_path, head, body, name="page.html"):
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    return path


# Readability's test pages, with text from the page around the article that Readability
# leaves out (checked to be in source.html, so the test shows ours leaves it out too).
READABILITY_PAGES = [
    ("readability-medium-1", ("Sign in / Sign up", "Next story")),
    ("readability-nytimes-1", ("See next articles", "Order Reprints")),
    ("readability-wordpress", ("Subscribe to Blog via Email", "Sallie Goetsch")),
]


@pytest.mark.parametrize(("folder", "furniture"), READABILITY_PAGES)
def test_parse_finds_the_title_author_and_date_readability_expects(folder, furniture):
    pages = corpus(f"html/{folder}")
    expected = json.loads((pages / "expected-metadata.json").read_text(encoding="utf-8"))

    post, _notes = parse_page(pages / "source.html")

    assert post.title == expected["title"]
    if expected["byline"]:
        assert post.author.name == expected["byline"]
    if expected["publishedTime"]:
        assert post.date == iso_datetime(expected["publishedTime"])
    assert post.status is PostStatus.PUBLISHED


@pytest.mark.parametrize(("folder", "furniture"), READABILITY_PAGES)
def test_parse_keeps_the_article_readability_keeps_and_drops_the_page_around_it(folder, furniture):
    pages = corpus(f"html/{folder}")
    expected = fragment((pages / "expected.html").read_text(encoding="utf-8"))
    paragraphs = [text for p in expected.iter("p") if (text := " ".join(element_text(p).split()))]
    source = (pages / "source.html").read_text(encoding="utf-8")

    post, _notes = parse_page(pages / "source.html")
    ours = text_of(post.body_html)

    assert paragraphs[0] in ours
    assert paragraphs[-1] in ours
    for text in furniture:
        assert text in source
        assert text not in ours


def test_parse_reads_the_author_and_date_a_page_declares_where_readability_names_none():
    wordpress, _notes = parse_page(corpus("html/readability-wordpress/source.html"))
    nytimes, _notes = parse_page(corpus("html/readability-nytimes-1/source.html"))

    # Microdata (itemprop="author"), and <meta property="article:published">.
    assert wordpress.author.name == "Sarah Gooding"
    assert nytimes.date == dt.datetime(
        2017, 1, 13, 0, 0, 4, tzinfo=dt.timezone(-dt.timedelta(hours=5))
    )


@pytest.mark.parametrize("page", ["lemire.me.json", "strive-magazin.de.dating"])
def test_parse_meets_trafilaturas_own_expectations(page):
    evaluation = json.loads(corpus(f"html/trafilatura/evaldata.{page}.json").read_text())
    ((url, expected),) = evaluation.items()

    post, _notes = parse_page(corpus(f"html/trafilatura/{expected['file']}"))
    text = post_text(post)

    assert post.title == expected["title"]
    assert post.author.name == expected["author"]
    assert post.date.date().isoformat() == expected["date"]
    assert post.old_urls == (url,)
    for wanted in expected["with"]:
        assert wanted in text
    for unwanted in expected["without"]:
        assert unwanted not in text


def test_parse_keeps_a_wordpress_pages_comments_threaded_and_out_of_the_body():
    post, _notes = parse_page(corpus("html/trafilatura/lemire.me.json.html"))

    assert len(post.comments) == 5
    reply = next(c for c in post.comments if "version 0.2 on vcpkg" in c.body)
    parent = next(c for c in post.comments if c.source_id == reply.parent_source_id)
    assert reply.author_name == "Daniel Lemire"
    assert reply.date == dt.datetime(2019, 8, 5, 13, 46, 9, tzinfo=dt.UTC)
    assert parent.body == "vcpkg has simdjson in its repo (for those that did not know)."
    assert parent.parent_source_id == ""
    assert "vcpkg has simdjson" not in text_of(post.body_html)


def test_parse_does_not_repeat_the_title_as_the_bodys_first_heading():
    post, _notes = parse_page(corpus("html/trafilatura/strive-magazin.de.dating.html"))

    assert "Das Dating-Dilemma erfolgreicher Frauen" not in text_of(post.body_html)
    assert text_of(post.body_html).startswith("Gastbeitrag | Warum haben es erfolgreiche")


def test_parse_passes_scripts_and_event_attributes_for_the_writer_to_sanitise(tmp_path):
    path = write_page(
        tmp_path,
        '<title>Talks resume</title><meta name="author" content="Desk Editor">'
        '<meta property="article:published_time" content="2024-03-03T09:00:00Z">',
        f"<nav>Home About</nav><article><h1>Talks resume</h1>{PARAGRAPHS}"
        "<script>steal()</script>"
        '<p><img src="https://desk.example/a.png" onerror="steal()" alt="The hall"> '
        '<a href="javascript:steal()" onclick="steal()">A link</a> in the last paragraph.</p>'
        "</article>",
    )

    post, _notes = parse_page(path)
    safe = sanitize_html(post.body_html)

    assert "Paragraph 4: delegations met" in safe
    assert "<img" in safe
    for dangerous in ("<script", "onerror", "onclick", "javascript:", "steal"):
        assert dangerous not in safe


def test_parse_makes_relative_addresses_absolute_on_the_pages_own_site(tmp_path):
    path = write_page(
        tmp_path,
        '<title>Talks resume</title><link rel="canonical" href="https://desk.example/2024/talks/">'
        '<meta property="article:published_time" content="2024-03-03T09:00:00Z">',
        f'<article>{PARAGRAPHS}<p><img src="/media/hall.png" alt="The hall"> See '
        '<a href="../earlier/">the earlier talks</a> for more on the talks.</p></article>',
    )

    post, _notes = parse_page(path)

    assert 'src="https://desk.example/media/hall.png"' in post.body_html
    assert 'href="https://desk.example/earlier/"' in post.body_html
    assert post.old_urls == ("https://desk.example/2024/talks/",)
    assert post.slug == "talks"


def test_parse_keeps_a_page_without_date_or_author_as_a_draft_and_says_so(tmp_path):
    path = write_page(tmp_path, "<title>Talks resume</title>", f"<article>{PARAGRAPHS}</article>")

    post, notes = parse_page(path)

    assert post.status is PostStatus.DRAFT
    assert post.date.tzinfo is not None
    assert post.author.name == "Unknown author"
    assert post.slug == "talks-resume"
    date_note, author_note = notes
    assert date_note.item == author_note.item == "page.html"
    assert "no publication date" in date_note.message
    assert "--author-map and a line 'Unknown author,Their Name'" in author_note.message


@pytest.mark.parametrize(
    ("name", "detected"), [("a.html", True), ("a.HTM", True), ("a.xml", False)]
)
def test_detect_claims_html_files(tmp_path, name, detected):
    path = tmp_path / name
    path.write_text("<p>x</p>")

    assert html.detect(path) is detected
