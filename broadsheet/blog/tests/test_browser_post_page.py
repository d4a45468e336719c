"""What a reader sees of a post, as a full-page screenshot to look at after the run."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from broadsheet.blog.tests import factories
from broadsheet.core.tests.browser import TEST_OUTPUT_DIR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARAGRAPHS = (
    "Negotiators from both delegations returned to Geneva on Tuesday after a six-week pause, "
    "with the exchange of prisoners and the reopening of two border crossings on the agenda.",
    "Officials on both sides described the first session as businesslike. A joint statement is "
    "expected at the end of the week, though neither side would commit to a date.",
    "Observers cautioned that earlier rounds broke down over the sequencing of withdrawals, and "
    "that the same question remains unresolved.",
)


def test_post_page_screenshot(page, csp_violations):
    author = factories.author("Lina Haddad")
    for title in ("Grain corridor reopens", "Elections set for spring", "Port strike ends"):
        factories.post(title, author=author)
    post = factories.post("Ceasefire talks resume in Geneva", author=author, paragraphs=PARAGRAPHS)
    factories.comment(post, author_name="Reader One", body="Thank you for the clear summary.")

    page.goto(f"/post/{post.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(post.title)
    path = TEST_OUTPUT_DIR / "post-page.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=path, full_page=True)

    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width == page.viewport_size["width"]
        # The whole page, comments form included, not just the first screen.
        assert image.height > page.viewport_size["height"]
        # Not a blank page: text and rules give many shades of grey.
        assert len(image.convert("L").getcolors()) > 16
    assert csp_violations == []
