import json
import re
from collections import Counter
from html import escape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from defusedxml import ElementTree
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from broadsheet.blog.tests import factories
from broadsheet.core.blocks import RICH_TEXT_FEATURES
from broadsheet.core.sanitize import sanitize_html
from broadsheet.importers.embeds import embeds_extracted
from broadsheet.importers.html_body import BodyImage, ImportedHTML, image_key
from broadsheet.importers.tests.corpora import corpus


def blocks(html, images=None):
    """The blocks for ``html``, each as (type, what a test compares)."""
    shown = []
    for block_type, value in ImportedHTML(html).blocks(images or {}):
        if block_type == "paragraph":
            value = value.source
        elif block_type == "image":
            value = (value["image"].title, value["alt_text"], value["caption"])
        shown.append((block_type, value))
    return shown


@pytest.fixture
def river(db):
    return factories.image("A river")


def imported(image, *urls, **defaults):
    return {image_key(url): BodyImage(image, **defaults) for url in urls}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>One <strong>strong</strong> and <em>em</em> <b>b</b> <i>i</i> H<sub>2</sub>O "
            'x<sup>2</sup> <a href="https://example.com/?a=1&amp;b=2" title="t">link</a>'
            '<span class="x"> <code>code</code></span><br>next</p>',
            [
                (
                    "paragraph",
                    "<p>One <b>strong</b> and <i>em</i> <b>b</b> <i>i</i> H<sub>2</sub>O "
                    'x<sup>2</sup> <a href="https://example.com/?a=1&amp;b=2">link</a> '
                    "code<br/>next</p>",
                )
            ],
        ),
        (
            "Bare text, as WordPress keeps it.\n\nA second <b>paragraph\n\nthird</b>",
            [
                ("paragraph", "<p>Bare text, as WordPress keeps it.</p>"),
                ("paragraph", "<p>A second <b>paragraph</b></p>"),
                ("paragraph", "<p><b>third</b></p>"),
            ],
        ),
        (
            "<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6>",
            [
                ("heading", {"text": "One", "level": "h2"}),
                ("heading", {"text": "Two", "level": "h2"}),
                ("heading", {"text": "Three", "level": "h3"}),
                ("heading", {"text": "Four", "level": "h4"}),
                ("heading", {"text": "Five", "level": "h4"}),
                ("heading", {"text": "Six", "level": "h4"}),
            ],
        ),
        (
            '<h2>See <a href="/x">this</a></h2>',
            [("html", '<h2>See <a href="/x" rel="noopener noreferrer nofollow">this</a></h2>')],
        ),
        (
            "<blockquote><p>Words <em>matter</em>.<br>Always.</p><p>Again.</p>"
            "<cite>A. Speaker</cite></blockquote>",
            [("quote", {"quote": "Words matter.\nAlways.\n\nAgain.", "attribution": "A. Speaker"})],
        ),
        (
            '<blockquote class="twitter-tweet"><p>Hi</p>— Someone '
            '<a href="https://twitter.com/x/status/1">March 3</a></blockquote>',
            [
                (
                    "embed",
                    {
                        "url": "https://twitter.com/x/status/1",
                        "title": "X (Twitter) post",
                        "caption": "Hi — Someone March 3",
                    },
                )
            ],
        ),
        (
            "<ul><li><p>One</p><p>more</p></li><li>Two<ul><li>Nested</li></ul></li></ul>"
            "<ol><li> First </li></ol>",
            [
                ("paragraph", "<ul><li>One<br/>more</li><li>Two<ul><li>Nested</li></ul></li></ul>"),
                ("paragraph", "<ol><li>First</li></ol>"),
            ],
        ),
        (
            '<ol start="3"><li>Three</li></ol><ul><li>Cell<table><tr><td>1</td></tr></table></li>'
            "</ul>",
            [
                ("html", '<ol start="3"><li>Three</li></ol>'),
                ("html", "<ul><li>Cell<table><tbody><tr><td>1</td></tr></tbody></table></li></ul>"),
            ],
        ),
        (
            '<table><tr><th scope="col">Party</th></tr></table><pre><code>if a &lt; b:\n'
            "    pass</code></pre><dl><dt>Term</dt><dd>Meaning</dd></dl><hr>",
            [
                ("html", '<table><tbody><tr><th scope="col">Party</th></tr></tbody></table>'),
                ("html", "<pre><code>if a &lt; b:\n    pass</code></pre>"),
                ("html", "<dl><dt>Term</dt><dd>Meaning</dd></dl>"),
                ("html", "<hr>"),
            ],
        ),
        (
            "<div><div><p>Deep</p></div>loose <b>text</b></div><section><p>Kept</p></section>",
            [
                ("paragraph", "<p>Deep</p>"),
                ("paragraph", "<p>loose <b>text</b></p>"),
                ("paragraph", "<p>Kept</p>"),
            ],
        ),
        ("<p>&nbsp;</p><p> <br> </p><h2> </h2><figure></figure><ul></ul>", []),
    ],
)
def test_blocks_give_each_element_the_block_that_fits_it(html, expected):
    assert blocks(html) == expected


def test_a_picture_that_was_not_imported_becomes_a_link_to_it_named_by_its_alt_text():
    html = (
        '<p>Before <img src="https://cdn.example/a%20b.jpg" alt="A river"> after</p>'
        '<figure><img src="https://cdn.example/untitled.png"><figcaption>The bridge'
        "</figcaption></figure>"
        '<p><a href="https://cdn.example/big.jpg"><img src="https://cdn.example/small.jpg"></a></p>'
        '<table><tr><td><img src="https://cdn.example/in-table.gif" alt="Chart"></td></tr></table>'
    )

    assert blocks(html) == [
        (
            "paragraph",
            '<p>Before <a href="https://cdn.example/a%20b.jpg">A river</a> after</p>',
        ),
        ("paragraph", '<p><a href="https://cdn.example/untitled.png">untitled.png</a></p>'),
        ("paragraph", "<p>The bridge</p>"),
        ("paragraph", '<p><a href="https://cdn.example/big.jpg">small.jpg</a></p>'),
        (
            "html",
            '<table><tbody><tr><td><a href="https://cdn.example/in-table.gif">Chart</a></td>'
            "</tr></tbody></table>",
        ),
    ]


def test_an_imported_picture_becomes_an_image_block_with_its_alt_text_and_caption(river):
    html = (
        '<p>Before <img src="http://cdn.example/a.jpg" alt="Water"> after</p>'
        '<figure class="wp-block-image"><a href="/full"><img src="//cdn.example/b.jpg"></a>'
        "<figcaption>The <b>bridge</b> at dusk</figcaption></figure>"
        '<figure><img src="https://cdn.example/c.jpg" alt="Boats"><figcaption>Boats, by '
        '<a href="https://photo.example/">a photographer</a></figcaption></figure>'
    )
    images = imported(
        river,
        "https://cdn.example/a.jpg",
        "https://cdn.example/b.jpg",
        "https://cdn.example/c.jpg",
    )

    assert blocks(html, images) == [
        ("paragraph", "<p>Before</p>"),
        ("image", ("A river", "Water", "")),
        ("paragraph", "<p>after</p>"),
        ("image", ("A river", "", "The bridge at dusk")),
        ("image", ("A river", "Boats", "")),
        ("paragraph", '<p>Boats, by <a href="https://photo.example/">a photographer</a></p>'),
    ]


def test_an_imported_picture_takes_the_formats_alt_text_and_caption_when_the_html_has_none(
    river,
):
    images = imported(river, "https://cdn.example/a.jpg", alt="Water", caption="At dusk")

    assert blocks('<img src="https://cdn.example/a.jpg">', images) == [
        ("image", ("A river", "Water", "At dusk"))
    ]


def test_a_picture_inside_an_html_block_points_at_the_librarys_copy(river):
    images = imported(river, "https://cdn.example/a.jpg")
    html = '<table><tr><td><img src="https://cdn.example/a.jpg" alt="Chart"></td></tr></table>'

    ((block_type, value),) = blocks(html, images)

    assert block_type == "html"
    assert f'<img src="{river.file.url}" alt="Chart" width="64" height="48">' in value
    assert value.startswith('<table><tbody><tr><td><img src="/media/')


def test_image_sources_lists_each_picture_once_in_reading_order():
    html = '<img src="b.png"><p><img src="a.png"><img src="b.png"></p><img alt="no source">'

    assert ImportedHTML(html).image_sources() == ["b.png", "a.png"]


def test_rich_text_is_stored_as_wagtails_editor_would_store_it():
    html = (
        '<p>A <strong>b</strong> <em>c</em> <a href="https://example.com/?a=1&amp;b=2">d</a> '
        "H<sub>2</sub>O x<sup>2</sup><br>e</p><ul><li>One<ul><li>Two</li></ul></li></ul>"
        "<ol><li>Three</li></ol>"
    )

    for block_type, source in blocks(html):
        assert block_type == "paragraph"
        assert without_block_keys(editor_round_trip(source)) == source


def test_a_list_holding_a_list_of_the_other_kind_is_kept_as_written():
    html = "<ol><li>One<ul><li>Point</li></ul></li><li>Two</li></ol>"

    assert blocks(html) == [("html", html)]


def editor_round_trip(source):
    """Rich text as the editor gives it back after opening it and saving it untouched."""
    converter = ContentstateConverter(RICH_TEXT_FEATURES)
    return converter.to_database_format(converter.from_database_format(source))


def without_block_keys(html):
    return re.sub(r' data-block-key="[^"]*"', "", html)


# ---- Nothing lost, on real exports ---------------------------------------------------


class _VisibleText(HTMLParser):
    """The words of some HTML, with each picture's ``img_text``."""

    def __init__(self, img_text):
        super().__init__(convert_charrefs=True)
        self.img_text = img_text
        self.chunks = []
        self.links = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self.chunks.append(self.img_text(attributes.get("src") or "", attributes))
        if tag == "a" and attributes.get("href"):
            self.links += 1

    def handle_data(self, data):
        self.chunks.append(data)


def visible_text(html, img_text=lambda src, attributes: attributes.get("alt") or ""):
    parser = _VisibleText(img_text)
    parser.feed(html)
    parser.close()
    # Modulo whitespace: blocks are separate where the HTML may have run them together.
    return "".join("".join(parser.chunks).split())


def stored_text(block_list):
    parts = []
    for block_type, value in block_list:
        if block_type == "paragraph":
            parts.append(visible_text(value.source))
        elif block_type == "heading":
            parts.append(value["text"])
        elif block_type == "quote":
            parts.extend([value["quote"], value["attribution"]])
        elif block_type == "image":
            parts.extend([value["alt_text"], value["caption"]])
        elif block_type == "embed":
            parts.extend([value["title"], value["caption"]])
        else:
            parts.append(visible_text(value))
    return "".join("".join(parts).split())


def label(src, attributes):
    """How a picture that was not imported is named in the link that stands for it."""
    alt = " ".join((attributes.get("alt") or "").split())
    if not src:
        return alt
    return alt or unquote(PurePosixPath(urlsplit(src).path).name) or src


_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_ATOM_CONTENT = "{http://www.w3.org/2005/Atom}content"


def _feed_bodies(path: Path):
    root = ElementTree.fromstring(path.read_bytes().lstrip())
    contents = [*root.iter(_CONTENT), *root.iter(_ATOM_CONTENT)]
    return [element.text or "" for element in contents]


def _ghost_bodies(path: Path):
    export = json.loads(path.read_text(encoding="utf-8"))
    database = export["db"][0] if "db" in export else export
    return [post.get("html") or "" for post in database["data"]["posts"]]


def _file_body(path: Path):
    return [path.read_text(encoding="utf-8")]


CORPUS_BODIES = {
    "feeds/rss_2.0_cloudflare.xml": _feed_bodies,
    "feeds/rss_2.0_element_io.xml": _feed_bodies,
    "feeds/rss_2.0_heated.xml": _feed_bodies,
    "feeds/TechCrunch.xml": _feed_bodies,
    "feeds/GiantRobotsSmashingIntoOtherGiantRobots.xml": _feed_bodies,
    "wordpress/themeunittestdata.wordpress.xml": _feed_bodies,
    "wordpress/64-block-test-data.xml": _feed_bodies,
    "ghost/ghost_exported_file.json": _ghost_bodies,
    "ghost/ghost.json": _ghost_bodies,
    "substack/posts/123401.plain-text.html": _file_body,
    "substack/posts/123403.thread.html": _file_body,
    "medium/posts/advanced-post.html": _file_body,
    "medium/posts/code-post.html": _file_body,
    "medium/posts/quote-post.html": _file_body,
    "html/readability-nytimes-1/expected.html": _file_body,
    "html/readability-wordpress/expected.html": _file_body,
}


@pytest.mark.parametrize("relative", sorted(CORPUS_BODIES))
@pytest.mark.django_db
def test_no_word_of_a_real_export_is_lost_whether_or_not_its_pictures_were_imported(
    relative, river
):
    bodies = CORPUS_BODIES[relative](corpus(relative))
    assert any(body.strip() for body in bodies)

    for body in bodies:
        html = ImportedHTML(body)
        everything = {image_key(src): BodyImage(river) for src in html.image_sources()}
        # An embed's player is never kept; the words around it are, and its own (a
        # post's text, a caption) go into its card.
        extracted = embeds_extracted(body)
        sanitised = sanitize_html(extracted.html)
        for marker, embed in extracted.embeds.items():
            sanitised = sanitised.replace(marker, escape(embed.title + embed.caption))

        assert stored_text(html.blocks(everything)) == visible_text(sanitised)
        assert stored_text(html.blocks({})) == visible_text(sanitised, img_text=label)


class _Shape(HTMLParser):
    """What a reader sees of rich text: its paragraphs, lists and line breaks, counted; the
    formatting it uses; its links, in order."""

    _FORMATTING = {"b", "i", "sup", "sub"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.structure = Counter()
        self.formatting = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in self._FORMATTING:
            self.formatting.add(tag)
        else:
            self.structure[tag] += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href"))


def shape(html):
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return visible_text(html), parser.structure, parser.formatting, parser.links


@pytest.mark.parametrize("relative", sorted(CORPUS_BODIES))
def test_rich_text_from_real_exports_opens_in_the_editor_with_nothing_changed(relative):
    # The editor may reorder nested bold and italic, split a run of italics in two, or
    # move a space out of a link: nothing a reader would notice.
    for body in CORPUS_BODIES[relative](corpus(relative)):
        for block_type, value in ImportedHTML(body).blocks({}):
            if block_type == "paragraph":
                assert shape(editor_round_trip(value.source)) == shape(value.source)
