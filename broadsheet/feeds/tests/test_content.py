import pytest

from broadsheet.feeds.content import absolute_urls

POST_URL = "https://news.example/post/talks/"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="/author/mina/">', '<a href="https://news.example/author/mina/">'),
        ('<img src="/media/a.png" alt="">', '<img src="https://news.example/media/a.png" alt="">'),
        ('<a href="#notes">', '<a href="https://news.example/post/talks/#notes">'),
        ('<a href="//cdn.example/x.png">', '<a href="https://cdn.example/x.png">'),
        ('<a href="https://other.example/">', '<a href="https://other.example/">'),
        ('<a href="mailto:desk@news.example">', '<a href="mailto:desk@news.example">'),
    ],
)
def test_addresses_are_resolved_against_the_post(markup, expected):
    assert absolute_urls(markup, POST_URL) == expected


def test_text_that_merely_mentions_an_attribute_is_left_alone():
    markup = "<p>Write href=&quot;/x&quot; in the link.</p>"

    assert absolute_urls(markup, POST_URL) == markup
