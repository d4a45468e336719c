"""An imported post read the way a reader reads it: the page's visible text, top to bottom."""

import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from broadsheet.importers.tests.dumps import write_dump

# 3 paragraphs of 200 words: 600 words at 265 a minute is 3 minutes, not the file's 2.
LONG_PARAGRAPHS = tuple(
    f"Paragraph {number} of the report. " + "word " * 194 + "End." for number in (1, 2, 3)
)


class _VisibleText(HTMLParser):
    """The text of the page's body in reading order, without scripts and styles."""

    _UNSEEN = {"head", "script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._unseen_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._UNSEEN:
            self._unseen_depth += 1

    def handle_endtag(self, tag):
        if tag in self._UNSEEN:
            self._unseen_depth -= 1

    def handle_data(self, data):
        if not self._unseen_depth and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.chunks)


def assert_reads_in_order(text: str, expected: list[str]) -> None:
    position = 0
    for phrase in expected:
        found = text.find(phrase, position)
        assert found != -1, f"{phrase!r} not found after {text[position - 80 : position]!r}"
        position = found + len(phrase)


@pytest.mark.django_db
def test_an_imported_post_reads_like_the_page_it_was_saved_from(client, tmp_path):
    others = [
        write_dump(
            tmp_path,
            "grain.txt",
            title="Grain ships leave Odesa",
            date="Feb 20, 2024",
            paragraphs=("The first convoy left port at dawn under the new agreement.",),
        ),
        write_dump(
            tmp_path,
            "floods.txt",
            title="Floods recede in the valley",
            author="River Correspondent",
            date="Feb 27, 2024",
            paragraphs=("Water levels fell overnight and the old town is dry again.",),
        ),
    ]
    talks = write_dump(
        tmp_path, "talks.txt", title="Talks resume in Geneva", paragraphs=LONG_PARAGRAPHS
    )
    call_command("import", *map(str, [*others, talks]), stdout=io.StringIO())

    response = client.get("/post/talks-resume-in-geneva/")

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert_reads_in_order(
        text,
        [
            "Talks resume in Geneva",
            "Desk Editor",
            "Mar 3, 2024",
            "3 min read",
            *LONG_PARAGRAPHS,
            "Recent Posts",
            "See All",
            "Floods recede in the valley",
            "Water levels fell overnight and the old town is dry again.",
            "Grain ships leave Odesa",
            "The first convoy left port at dawn under the new agreement.",
            "Comments",
        ],
    )
    assert "2 min read" not in text
    # The saved page's own furniture is not part of the post.
    assert "See AllFloodwater" not in text
