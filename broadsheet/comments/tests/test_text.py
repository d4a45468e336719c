"""A comment's text as readers see it: plain text, links, line breaks, nothing that runs."""

from bs4 import BeautifulSoup

from broadsheet.comments.text import render_comment_body


def _soup(text):
    return BeautifulSoup(str(render_comment_body(text)), "html.parser")


def test_html_is_shown_as_text_not_run():
    soup = _soup('<script>alert("x")</script><b onclick="alert(1)">bold</b>')

    assert soup.find("script") is None
    assert soup.find("b") is None
    assert soup.get_text() == '<script>alert("x")</script><b onclick="alert(1)">bold</b>'


def test_bare_url_becomes_a_link_search_engines_do_not_follow():
    link = _soup("Source: https://example.org/report?id=1&lang=en").a

    assert link["href"] == "https://example.org/report?id=1&lang=en"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_quotes_in_a_url_cannot_add_attributes_to_its_link():
    link = _soup('https://example.org/"onmouseover="alert(1)').a

    assert set(link.attrs) == {"href", "rel"}


def test_javascript_url_is_not_made_a_link():
    assert _soup("javascript:alert(1)").find("a") is None


def test_line_break_is_kept():
    paragraph = _soup("First line\nSecond line").p

    assert paragraph.get_text("|") == "First line|Second line"
    assert paragraph.find("br") is not None


def test_blank_line_starts_a_new_paragraph_whatever_the_line_endings():
    paragraphs = _soup("One\r\n\r\nTwo\n \nThree\r\rFour").find_all("p")

    assert [p.get_text() for p in paragraphs] == ["One", "Two", "Three", "Four"]
