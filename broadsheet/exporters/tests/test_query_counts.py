"""Exports read in bulk: more posts do not mean more queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.tests import factories
from broadsheet.exporters import broadsheet_json, wxr


def post_with_everything(number: int, picture) -> None:
    post = factories.post(
        f"Post {number}",
        body=[
            *factories.paragraphs_body("A paragraph."),
            ("image", {"image": picture, "alt_text": "A picture", "caption": "", "credit": ""}),
        ],
        tags=[f"tag {number}", "shared"],
        category=factories.category(),
        cover_image=picture,
        cover_image_alt="A picture",
    )
    reply_to = factories.comment(post)
    factories.comment(post, parent=reply_to)
    # Unpublished changes: the post has two versions to export.
    edited = post.get_latest_revision_as_object()
    edited.title = f"Post {number}, edited"
    edited.save_revision()


def queries(write) -> int:
    with CaptureQueriesContext(connection) as captured:
        write(io.BytesIO())
    return len(captured)


def wordpress_export(file) -> None:
    wxr.export_write(file, base_url="https://desk.example")


@pytest.mark.django_db
@pytest.mark.parametrize("write", [broadsheet_json.archive_write, wordpress_export])
def test_an_export_makes_as_many_queries_for_six_posts_as_for_two(write):
    picture = factories.image()
    for number in range(2):
        post_with_everything(number, picture)
    # The first export fills Django's caches (content types): measure from the second.
    queries(write)
    two_posts = queries(write)
    for number in range(2, 6):
        post_with_everything(number, picture)

    assert queries(write) == two_posts
