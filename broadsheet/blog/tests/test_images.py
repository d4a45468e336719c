"""Pictures in posts: responsive WebP renditions, sized boxes, lazy below the fold, alt text."""

import re

import pytest
from django.core.exceptions import ValidationError

from broadsheet.blog.tests import factories
from broadsheet.blog.tests.markup import soup
from broadsheet.core.blocks import CaptionedImageBlock

pytestmark = pytest.mark.django_db

WIDTHS = [480, 800, 1200]


@pytest.fixture
def photo():
    return factories.image("Delegates at the table", width=1600, height=900)


def _srcset(img):
    """[(url, width)] from a srcset attribute."""
    candidates = [c.split() for c in img["srcset"].split(",")]
    return [(url, int(width.removesuffix("w"))) for url, width in candidates]


def _post_page(client, post):
    return soup(client.get(post.url))


def test_cover_offers_three_widths_of_webp(client, photo):
    post = factories.post(cover_image=photo, cover_image_alt="Delegates at a table")

    img = _post_page(client, post).select_one(".cover img")

    srcset = _srcset(img)
    assert [width for _, width in srcset] == WIDTHS
    assert all(re.search(r"\.webp$", url) for url, _ in srcset)
    assert img["sizes"]
    assert img["src"] == srcset[0][0]


def test_cover_has_its_box_size_so_nothing_jumps_as_it_loads(client, photo):
    post = factories.post(cover_image=photo, cover_image_alt="Delegates at a table")

    img = _post_page(client, post).select_one(".cover img")

    # 16:9 like the original, at the largest size offered: the column shrinks it from there.
    assert (int(img["width"]), int(img["height"])) == (1200, 675)


def test_cover_is_fetched_first_and_never_lazily(client, photo):
    post = factories.post(cover_image=photo, cover_image_alt="Delegates at a table")

    img = _post_page(client, post).select_one(".cover img")

    assert img["fetchpriority"] == "high"
    assert not img.has_attr("loading")
    assert img["alt"] == "Delegates at a table"


def test_body_picture_offers_three_widths_of_webp_loaded_lazily(client, photo):
    picture = {"image": photo, "alt_text": "A gauging station", "caption": "The station."}
    post = factories.post(body=[("image", picture)])

    img = _post_page(client, post).select_one(".post-body figure img")

    srcset = _srcset(img)
    assert [width for _, width in srcset] == WIDTHS
    assert all(url.endswith(".webp") for url, _ in srcset)
    assert img["sizes"]
    assert (int(img["width"]), int(img["height"])) == (1200, 675)
    assert img["loading"] == "lazy"
    assert img["alt"] == "A gauging station"


def test_every_rendition_offered_is_served(client, photo):
    post = factories.post(cover_image=photo, cover_image_alt="Delegates at a table")

    img = _post_page(client, post).select_one(".cover img")

    for url, _ in _srcset(img):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)[8:12] == b"WEBP", url


def test_small_original_is_offered_once_at_its_own_width(client):
    post = factories.post(cover_image=factories.image(width=300, height=200), cover_image_alt="A")

    img = _post_page(client, post).select_one(".cover img")

    assert _srcset(img) == [(img["src"], 300)]
    assert (int(img["width"]), int(img["height"])) == (300, 200)


def test_author_photo_offers_a_sharp_version_for_dense_screens(client):
    photo = factories.image(width=400, height=400)
    factories.post(author=factories.author("Lina Haddad", slug="lina-haddad", photo=photo))

    img = soup(client.get("/author/lina-haddad/")).select_one("img.author-photo")

    assert [width for _, width in _srcset(img)] == [96, 192]
    assert img["sizes"] == "96px"


def test_body_picture_without_alt_text_is_refused():
    block = CaptionedImageBlock()
    value = block.to_python({"image": factories.image().pk, "alt_text": "", "caption": ""})

    with pytest.raises(ValidationError) as refused:
        block.clean(value)

    assert "alt_text" in refused.value.block_errors


def test_body_picture_whose_image_was_deleted_leaves_no_broken_image(client):
    image = factories.image()
    picture = {"image": image, "alt_text": "A gauging station", "caption": "The station."}
    post = factories.post(body=[("image", picture)])
    image.delete()

    figure = _post_page(client, post).select_one(".post-body figure")

    assert figure.find("img") is None
    assert figure.figcaption.get_text() == "The station."
