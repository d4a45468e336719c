import io
import zipfile

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from broadsheet.blog.models import Author, PostPage
from broadsheet.blog.tests import factories
from broadsheet.importers.archives import unpack_zip
from broadsheet.importers.formats import FORMATS, broadsheet_json, format_for
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.broadsheet_exports import (
    POST_ID,
    document,
    image_entry,
    post_entry,
    write_export,
)
from broadsheet.importers.tests.factories import png_bytes


def problems(report) -> list[str]:
    return [str(problem) for problem in report.problems]


def test_broadsheet_exports_are_recognised_first_zipped_or_unpacked(tmp_path):
    archive = write_export(tmp_path, document())
    unpacked = tmp_path / "unpacked"
    unpack_zip(archive, unpacked)

    assert next(iter(FORMATS)) == "json"
    assert format_for(archive) is broadsheet_json
    assert format_for(unpacked) is broadsheet_json


def test_a_zip_without_broadsheet_json_is_not_a_broadsheet_export(tmp_path):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("posts.json", '{"format": "broadsheet"}')

    assert not broadsheet_json.detect(other)


@pytest.mark.django_db
def test_the_import_command_imports_an_export_and_counts_what_it_made(tmp_path):
    archive = write_export(tmp_path, document())
    out = io.StringIO()

    call_command("import", str(archive), stdout=out, stderr=io.StringIO())

    post = PostPage.objects.get()
    assert (post.title, str(post.translation_key), post.author.name) == (
        "Talks resume in Geneva",
        POST_ID,
        "Desk Editor",
    )
    assert [block.value.source for block in post.body] == ["<p>Delegations met.</p>"]
    assert post.body.raw_data[0]["id"] == "b1"
    assert "posts" in out.getvalue()


@pytest.mark.django_db
def test_an_export_of_a_newer_format_is_refused_saying_which_version(tmp_path):
    archive = write_export(tmp_path, document(version=2))

    report = files_import(paths=[archive])

    assert problems(report) == [
        f"{archive}: broadsheet.json: version 2 of the format; this Broadsheet reads version "
        "1. Import it with the Broadsheet that made it, or a newer one."
    ]
    assert not PostPage.objects.exists()


@pytest.mark.django_db
def test_a_missing_field_is_named_with_its_entry_and_nothing_is_stored(tmp_path):
    second = post_entry(id="6e1d2f5a-9b54-4e2f-8b72-4a1a3c9d8b21", content={"slug": "second"})
    del second["content"]["title"]
    archive = write_export(tmp_path, document(posts=[post_entry(), second]))

    report = files_import(paths=[archive])

    assert problems(report) == [f"{archive}: posts[1].content: 'title' is missing"]
    assert not PostPage.objects.exists()


@pytest.mark.django_db
def test_a_field_of_the_wrong_kind_says_what_it_should_be(tmp_path):
    archive = write_export(tmp_path, document(posts=[post_entry(status="live")]))

    report = files_import(paths=[archive])

    assert problems(report) == [
        f"{archive}: posts[0]: 'status' should be one of draft, published, scheduled"
    ]


@pytest.mark.django_db
def test_a_picture_named_outside_the_export_is_refused(tmp_path):
    image = {
        "id": "0" * 40,
        "file": "../../etc/passwd",
        "title": "x",
        "alt": "",
        "focal_point": None,
    }
    archive = write_export(tmp_path, document(images=[image]))

    report = files_import(paths=[archive])

    assert problems(report) == [
        f"{archive}: images[0]: its file '../../etc/passwd' is outside the export"
    ]


@pytest.mark.django_db
def test_a_post_whose_body_cannot_be_read_fails_alone(tmp_path):
    broken = post_entry(
        id="6e1d2f5a-9b54-4e2f-8b72-4a1a3c9d8b21",
        content={"slug": "broken", "title": "Broken", "body": [{"type": "heading", "value": 3}]},
    )
    archive = write_export(tmp_path, document(posts=[broken, post_entry()]))

    report = files_import(paths=[archive])

    (problem,) = problems(report)
    assert problem.startswith(f"{archive}: Broken: body: a block cannot be read")
    assert list(PostPage.objects.values_list("title", flat=True)) == ["Talks resume in Geneva"]


@pytest.mark.django_db
def test_a_post_the_export_calls_a_draft_is_taken_down(tmp_path):
    files_import(paths=[write_export(tmp_path, document())])
    draft = post_entry(status="draft", first_published_at=None, last_published_at=None)

    report = files_import(paths=[write_export(tmp_path, document(posts=[draft]))])

    post = PostPage.objects.get()
    assert report.counts[Kind.POST, Outcome.UPDATED] == 1
    assert not post.live
    assert post.first_published_at is None


@pytest.mark.django_db
def test_a_redirect_to_a_page_the_site_lacks_is_skipped_with_a_note(tmp_path):
    redirect = {
        "old_path": "/old",
        "site": None,
        "is_permanent": True,
        "page": "7b0c1f4e-8a43-4d1e-9a61-3f0f2b8c7a99",
        "page_route_path": "",
        "link": "",
        "automatically_created": False,
    }
    archive = write_export(tmp_path, document(redirects=[redirect]))

    report = files_import(paths=[archive])

    assert report.counts[Kind.REDIRECT, Outcome.SKIPPED] == 1
    assert [str(note) for note in report.notes] == [
        f"{archive}: redirect /old: it leads to page 7b0c1f4e-8a43-4d1e-9a61-3f0f2b8c7a99, "
        "which this site does not have"
    ]


@pytest.mark.django_db
def test_posts_are_credited_to_the_sites_author_of_the_same_name(tmp_path):
    author = factories.author("Desk Editor", slug="the-desk")
    archive = write_export(tmp_path, document())

    files_import(paths=[archive])

    assert PostPage.objects.get().author == author
    assert Author.objects.count() == 1


@pytest.mark.django_db
def test_pictures_are_stored_once_with_their_description_and_named_after_their_title(tmp_path):
    image, files = image_entry(png_bytes(), "A river at dusk", alt="Boats")
    post = post_entry(content={"cover_image": image["id"], "cover_image_alt": "Boats on a river"})
    archive = write_export(tmp_path, document(images=[image], posts=[post]), files=files)

    first = files_import(paths=[archive])
    again = files_import(paths=[archive])

    stored = get_image_model().objects.get()
    assert (stored.title, stored.description) == ("A river at dusk", "Boats")
    assert stored.file.name.startswith("original_images/a-river-at-dusk")
    assert PostPage.objects.get().cover_image == stored
    assert first.counts[Kind.IMAGE, Outcome.CREATED] == 1
    assert again.counts[Kind.IMAGE, Outcome.UNCHANGED] == 1


@pytest.mark.django_db
def test_subscribers_come_in_with_their_consent_and_a_known_address_is_left_alone(tmp_path):
    from broadsheet.newsletter.models import Subscriber

    Subscriber.objects.create(email="left@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    entry = {
        "email": "reader@example.com",
        "name": "Ana",
        "status": "active",
        "frequency": "weekly",
        "categories": [],
        "subscribed_at": "2024-03-01T09:00:00+00:00",
        "confirmed_at": "2024-03-01T09:05:00+00:00",
        "unsubscribed_at": None,
    }
    again = {**entry, "email": "left@example.com"}
    archive = write_export(tmp_path, document(subscribers=[entry, again]))

    report = files_import(paths=[archive])

    reader = Subscriber.objects.get(email="reader@example.com")
    assert (reader.name, reader.status, reader.frequency) == ("Ana", "active", "weekly")
    assert Subscriber.objects.get(email="left@example.com").status == "unsubscribed"
    assert report.counts[Kind.SUBSCRIBER, Outcome.CREATED] == 1
    assert report.counts[Kind.SUBSCRIBER, Outcome.UNCHANGED] == 1


@pytest.mark.django_db
def test_a_bad_subscriber_is_named_and_nothing_is_stored(tmp_path):
    entry = {"email": "reader@example.com", "name": "", "status": "maybe"}
    archive = write_export(tmp_path, document(subscribers=[entry]))

    report = files_import(paths=[archive])

    assert problems(report) == [
        f"{archive}: subscribers[0]: 'status' should be one of active, bouncing, follower, "
        "pending, unsubscribed"
    ]
    assert not PostPage.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_stores_nothing_and_leaves_no_picture_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    image, files = image_entry(png_bytes(), "River")
    archive = write_export(tmp_path, document(images=[image]), files=files)

    report = files_import(paths=[archive], dry_run=True)

    assert report.counts[Kind.IMAGE, Outcome.CREATED] == 1
    assert not get_image_model().objects.exists()
    assert not PostPage.objects.exists()
    assert not any(path.is_file() for path in (tmp_path / "media").rglob("*"))


@pytest.mark.django_db
def test_a_covers_caption_and_credit_come_in_and_older_exports_without_them_still_do(tmp_path):
    captioned = post_entry(
        content={"cover_image_caption": "Boats at dusk.", "cover_image_credit": "Photo: Sara"}
    )
    older = post_entry(id="6e1d2f5a-9b54-4e2f-8b72-4a1a3c9d8b21", content={"slug": "older"})
    assert "cover_image_caption" not in older["content"]
    archive = write_export(tmp_path, document(posts=[captioned, older]))

    files_import(paths=[archive])

    post = PostPage.objects.get(slug="talks-resume-in-geneva")
    assert (post.cover_image_caption, post.cover_image_credit) == ("Boats at dusk.", "Photo: Sara")
    assert PostPage.objects.get(slug="older").cover_image_caption == ""


@pytest.mark.django_db
def test_a_caption_of_the_wrong_kind_is_named(tmp_path):
    archive = write_export(
        tmp_path, document(posts=[post_entry(content={"cover_image_caption": 7})])
    )

    report = files_import(paths=[archive])

    assert problems(report) == [
        f"{archive}: posts[0].content: 'cover_image_caption' should be text"
    ]
    assert not PostPage.objects.exists()
