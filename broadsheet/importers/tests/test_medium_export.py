"""A Medium export zip as Medium mails it (medium-export/posts/…): two posts of one title,
a draft, responses, an embedded video (tests/fixtures/medium-export)."""

import pytest
from wagtail.models import Revision

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import Comment
from broadsheet.importers.formats import format_for, medium
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.shapes import MEDIUM_EXPORT, changed, zipped

FIRST, SECOND = "3f2a9c1b7e4d", "5c6d7e8f9a0b"


@pytest.fixture
def archive(tmp_path):
    return zipped(MEDIUM_EXPORT, tmp_path / "medium-export.zip", top_level=True)


@pytest.fixture
def imported(db, archive):
    report = files_import(paths=[archive])
    assert [str(problem) for problem in report.problems] == []
    return report


def test_a_zip_with_its_export_in_a_folder_of_its_own_is_recognised(archive):
    assert medium.detect(archive)
    assert format_for(archive) is medium


def test_two_posts_of_one_title_are_two_posts_each_at_its_own_address(imported, client):
    first = PostPage.objects.get(source_id=f"medium:{FIRST}")
    second = PostPage.objects.get(source_id=f"medium:{SECOND}")

    assert (first.slug, second.slug) == ("talks-resume-in-geneva", "talks-resume-in-geneva-2")
    assert first.excerpt == "The first round since the autumn"
    assert second.excerpt == "Round two, a week later"
    for post, medium_id in ((first, FIRST), (second, SECOND)):
        for old in (f"/@maryam/talks-resume-in-geneva-{medium_id}", f"/p/{medium_id}"):
            response = client.get(old)
            assert (response.status_code, response["Location"]) == (301, post.url)


def test_importing_again_writes_nothing_not_even_a_drafts_revision(imported, archive):
    revisions = Revision.objects.count()
    draft = PostPage.objects.get(title="Notes for the next round")

    again = files_import(paths=[archive])

    assert not draft.live
    assert changed(again) == {}
    assert Revision.objects.count() == revisions


def test_a_response_to_a_post_of_the_export_is_a_comment_on_it(imported):
    comment = Comment.objects.get(source_id="medium:a1b2c3d4e5f6")

    assert comment.post.source_id == f"medium:{FIRST}"
    assert comment.author_name == "Jonas Weber"
    assert comment.body.startswith("Thank you for this report from Talks resume in Geneva")
    assert not PostPage.objects.filter(source_id="medium:a1b2c3d4e5f6").exists()


def test_a_response_to_a_story_elsewhere_is_a_draft_marked_as_a_response(imported):
    response = PostPage.objects.get(source_id="medium:b2c3d4e5f6a7")

    assert not response.live
    assert [tag.name for tag in response.tags.all()] == ["Medium response"]
    assert PostPage.objects.live().count() == 2


def test_an_embedded_video_becomes_a_card_with_its_caption(imported):
    post = PostPage.objects.get(source_id=f"medium:{FIRST}")

    (embed,) = [block.value for block in post.body if block.block_type == "embed"]
    assert embed["url"] == "https://www.youtube.com/watch?v=M7lc1UVf-VE"
    assert embed["caption"] == "The opening statements."
