from pathlib import Path

import pytest
from wagtail.images import get_image_model

from broadsheet.blog.models import PostPage
from broadsheet.importers.fetch import FetchedImage, FetchError
from broadsheet.importers.models import ImageSource
from broadsheet.importers.records import ImageRecord
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.tests.factories import png_bytes, post_record
from broadsheet.importers.writer import ArchiveWriter

Image = get_image_model()
REMOTE = "https://cdn.example/river.png"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class FakeFetcher:
    """Answers every address with the same picture, or with an error; counts its fetches."""

    def __init__(self, content=None, error=None):
        self.content, self.error, self.fetched = content or png_bytes(), error, []

    def fetch(self, url):
        self.fetched.append(url)
        if self.error:
            raise FetchError(self.error)
        return FetchedImage(url=url, content_type="image/png", content=self.content)


def export_file(tmp_path, name="river.png", content=None) -> Path:
    path = tmp_path / "export" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content if content is not None else png_bytes())
    return path


def body_with(url, alt="The river"):
    return f'<p>Before</p><img src="{url}" alt="{alt}"><p>After</p>'


def image_blocks(post):
    return [block.value for block in post.body if block.block_type == "image"]


@pytest.mark.django_db
def test_a_picture_inside_the_export_is_imported_once_and_shown_as_an_image_block(tmp_path):
    url = "https://old.example/wp-content/uploads/river.png"
    path = export_file(tmp_path)
    first = post_record(body_html=body_with(url), images=(ImageRecord(url=url, path=path),))
    # Another post uses the same file, under another name.
    other_url = "https://old.example/wp-content/uploads/river-copy.png"
    second = post_record(
        source_id="test:2",
        slug="second",
        body_html=body_with(other_url),
        images=(ImageRecord(url=other_url, path=export_file(tmp_path, "river-copy.png")),),
    )

    changes = ArchiveWriter().post_store(first)
    again = ArchiveWriter().post_store(second)

    image = Image.objects.get()
    assert changes.counts[Kind.IMAGE, Outcome.CREATED] == 1
    assert again.counts[Kind.IMAGE, Outcome.UNCHANGED] == 1
    assert (image.width, image.height, image.file_size) == (32, 24, len(png_bytes()))
    assert image.file_hash
    assert image.title == "river"
    assert Path(image.file.path).read_bytes() == png_bytes()
    for post in PostPage.objects.all():
        (block,) = image_blocks(post)
        assert (block["image"], block["alt_text"]) == (image, "The river")
    assert set(ImageSource.objects.values_list("url", flat=True)) == {url, other_url}


@pytest.mark.django_db
def test_without_fetching_a_remote_picture_stays_a_link_and_is_counted_as_skipped():
    changes = ArchiveWriter().post_store(post_record(body_html=body_with(REMOTE)))

    post = PostPage.objects.get()
    assert not Image.objects.exists()
    assert [block.value.source for block in post.body] == [
        "<p>Before</p>",
        f'<p><a href="{REMOTE}">The river</a></p>',
        "<p>After</p>",
    ]
    # Counted, for the run's summary to say once how many stayed links and how to fetch
    # them; a note on every picture would bury the other notes.
    assert changes.counts[Kind.IMAGE, Outcome.SKIPPED] == 1
    assert changes.notes == []


@pytest.mark.django_db
def test_a_fetched_picture_is_reused_on_the_next_import_without_fetching_it_again():
    fetcher = FakeFetcher()
    record = post_record(body_html=body_with(REMOTE))

    ArchiveWriter(fetcher=fetcher).post_store(record)
    changes = ArchiveWriter(fetcher=fetcher).post_store(record)

    assert fetcher.fetched == [REMOTE]
    assert changes.counts[Kind.IMAGE, Outcome.UNCHANGED] == 1
    assert changes.counts[Kind.POST, Outcome.UNCHANGED] == 1
    (block,) = image_blocks(PostPage.objects.get())
    assert block["image"] == Image.objects.get()


@pytest.mark.django_db
def test_a_picture_that_cannot_be_fetched_is_a_problem_and_the_post_still_imports():
    fetcher = FakeFetcher(error="https://cdn.example/river.png answered 404")

    changes = ArchiveWriter(fetcher=fetcher).post_store(post_record(body_html=body_with(REMOTE)))

    assert changes.counts[Kind.POST, Outcome.CREATED] == 1
    assert changes.counts[Kind.IMAGE, Outcome.FAILED] == 1
    assert changes.problems == [
        f"image {REMOTE}: {REMOTE} answered 404; the post links to it instead"
    ]
    assert f'<a href="{REMOTE}">The river</a>' in PostPage.objects.get().body[1].value.source


@pytest.mark.django_db
def test_a_file_that_is_not_a_picture_is_refused_with_the_reason(tmp_path):
    path = export_file(tmp_path, "notes.png", b"not a picture at all")
    url = "https://old.example/notes.png"
    record = post_record(body_html=body_with(url), images=(ImageRecord(url=url, path=path),))

    changes = ArchiveWriter().post_store(record)

    assert changes.counts[Kind.IMAGE, Outcome.FAILED] == 1
    assert "not a picture Broadsheet can read" in changes.problems[0]
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_a_cover_image_is_set_with_its_description(tmp_path):
    cover = ImageRecord(path=export_file(tmp_path), alt="Boats on the river")

    ArchiveWriter().post_store(post_record(cover_image=cover))

    post = PostPage.objects.get()
    assert post.cover_image == Image.objects.get()
    assert post.cover_image_alt == "Boats on the river"


@pytest.mark.django_db
def test_a_cover_image_without_a_description_takes_the_title_and_says_so(tmp_path):
    changes = ArchiveWriter().post_store(
        post_record(cover_image=ImageRecord(path=export_file(tmp_path)))
    )

    assert PostPage.objects.get().cover_image_alt == "Talks resume in Geneva"
    assert changes.notes == ["the cover image has no description; the post's title stands in"]


@pytest.mark.django_db
def test_a_post_rolled_back_takes_its_pictures_files_with_it(tmp_path, media, monkeypatch):
    url = "https://old.example/river.png"
    record = post_record(
        body_html=body_with(url), images=(ImageRecord(url=url, path=export_file(tmp_path)),)
    )
    monkeypatch.setattr(PostPage, "serializable_data", lambda page: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        ArchiveWriter().post_store(record)

    assert not Image.objects.exists()
    assert not ImageSource.objects.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []


@pytest.mark.django_db
def test_fetching_later_turns_the_links_an_earlier_import_left_into_pictures_once():
    record = post_record(body_html=body_with(REMOTE))
    ArchiveWriter().post_store(record)
    fetcher = FakeFetcher()

    later = ArchiveWriter(fetcher=fetcher).post_store(record)
    again = ArchiveWriter(fetcher=fetcher).post_store(record)

    assert later.counts[Kind.IMAGE, Outcome.CREATED] == 1
    assert later.counts[Kind.POST, Outcome.UPDATED] == 1
    (block,) = image_blocks(PostPage.objects.get())
    assert (block["image"], block["alt_text"]) == (Image.objects.get(), "The river")
    # What is imported already is not fetched again.
    assert fetcher.fetched == [REMOTE]
    assert again.counts[Kind.POST, Outcome.UNCHANGED] == 1
