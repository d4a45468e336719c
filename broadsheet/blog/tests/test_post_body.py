"""The body of a post, block by block, and its cover picture."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def _body_of(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".post-body")


def test_paragraph_keeps_its_emphasis_and_links(client):
    paragraph = '<p>Read the <a href="https://example.org/report">full <i>report</i></a>.</p>'
    post = factories.post(body=[("paragraph", RichText(paragraph))])

    link = _body_of(client, post).p.a

    assert (link["href"], link.get_text(), link.i.get_text()) == (
        "https://example.org/report",
        "full report",
        "report",
    )


@pytest.mark.parametrize("level", ["h2", "h3", "h4"])
def test_heading_has_the_level_the_editor_chose(client, level):
    post = factories.post(body=[("heading", {"text": "Background", "level": level})])

    assert _body_of(client, post).find(level).get_text() == "Background"


def test_heading_with_an_unknown_level_is_a_section_heading(client):
    # Imports write the stored JSON directly, past the editor's choice list.
    post = factories.post(body=[("heading", {"text": "alert(1)", "level": "script"})])

    body = _body_of(client, post)

    assert body.find("script") is None
    assert body.find("h2").get_text() == "alert(1)"


def test_quote_shows_its_words_and_who_said_them(client):
    quote = {"quote": "We will meet again.\nSoon.", "attribution": "The mediator"}
    post = factories.post(body=[("quote", quote)])

    figure = _body_of(client, post).select_one("figure.quote")

    assert figure.blockquote.get_text("|") == "We will meet again.|Soon."
    assert figure.figcaption.get_text() == "— The mediator"


def test_image_shows_its_alt_text_caption_and_credit(client):
    picture = {
        "image": factories.image(),
        "alt_text": "A gauging station on a swollen river",
        "caption": "The station at Malakal.",
        "credit": "A. Photographer",
    }
    post = factories.post(body=[("image", picture)])

    figure = _body_of(client, post).select_one("figure")

    assert figure.img["alt"] == "A gauging station on a swollen river"
    assert figure.figcaption.get_text(" ", strip=True) == "The station at Malakal. A. Photographer"


def test_cover_image_is_shown_with_its_alt_text(client):
    post = factories.post(cover_image=factories.image(), cover_image_alt="Delegates at a table")

    response = client.get(post.url)

    cover = BeautifulSoup(response.content, "html.parser").select_one(".cover img")
    assert cover["alt"] == "Delegates at a table"


def test_cover_image_without_alt_text_is_refused():
    post = PostPage(title="Talks", slug="talks", cover_image=factories.image(), body=[])

    with pytest.raises(ValidationError) as refused:
        post.clean()

    assert "cover_image_alt" in refused.value.message_dict


def test_cover_image_alt_text_of_only_spaces_is_refused():
    post = PostPage(title="Talks", cover_image=factories.image(), cover_image_alt="   ", body=[])

    with pytest.raises(ValidationError) as refused:
        post.clean()

    assert "cover_image_alt" in refused.value.message_dict
