"""The post's admin form: the story first, the rest under Post details; the cover picture
with its description, caption and credit in one place, shown under it on the post."""

import pytest

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def _tabs():
    handler = PostPage.get_edit_handler()
    return {tab.heading: tab for tab in handler.children}


def _field_names(panel):
    if hasattr(panel, "field_name"):
        return [panel.field_name]
    # Panels of their own (the post's entities) hold no form field.
    return [name for child in getattr(panel, "children", ()) for name in _field_names(child)]


def test_the_form_opens_on_the_title_then_the_body():
    tabs = _tabs()

    assert list(tabs)[:2] == ["Write", "Post details"]
    assert _field_names(tabs["Write"])[:2] == ["title", "body"]


def test_the_details_tab_holds_byline_cover_filing_and_newsletter():
    details = _field_names(_tabs()["Post details"])

    for name in ("author", "date", "excerpt", "category", "tags", "language", "sticky"):
        assert name in details
    assert "email_subscribers" in details
    # The cover picture and everything said about it, side by side.
    cover = details.index("cover_image")
    assert details[cover : cover + 4] == [
        "cover_image",
        "cover_image_alt",
        "cover_image_caption",
        "cover_image_credit",
    ]


def test_caption_and_credit_show_under_the_cover(client, blog_index):
    factories.post(
        "River at dusk",
        cover_image=factories.image(),
        cover_image_alt="Boats on the river at dusk",
        cover_image_caption="Fishing boats return to Basra.",
        cover_image_credit="Photo: Sara Nasser",
    )

    html = client.get("/post/river-at-dusk/").content.decode()

    caption = html[html.index("<figcaption>") : html.index("</figcaption>")]
    assert "Fishing boats return to Basra." in caption
    assert '<span class="credit">Photo: Sara Nasser</span>' in caption


def test_a_cover_without_caption_or_credit_has_no_empty_caption(client, blog_index):
    factories.post("River at dusk", cover_image=factories.image(), cover_image_alt="Boats at dusk")

    html = client.get("/post/river-at-dusk/").content.decode()

    cover = html[html.index('<figure class="cover">') :]
    assert "<figcaption>" not in cover[: cover.index("</figure>")]


def test_a_caption_is_escaped(client, blog_index):
    factories.post(
        "River at dusk",
        cover_image=factories.image(),
        cover_image_alt="Boats at dusk",
        cover_image_caption="<script>alert(1)</script>",
    )

    html = client.get("/post/river-at-dusk/").content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
