"""Ghost 2 to 5, Wix and Substack exports in the shapes those services write, and
right-to-left posts from every format, imported whole and read as a reader reads them
(tests/fixtures/ghost, wix, substack-export, feeds, html)."""

import csv
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from broadsheet.blog.models import PostPage
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.shapes import (
    ARABIC_FEED,
    ATOM_FEED,
    CHINESE_FEED,
    GHOST,
    GHOST_5_ZIP,
    HUFFPOST_FEED,
    MALFORMED_WXR,
    MEDIUM_EXPORT,
    PERSIAN_PAGE,
    SUBSTACK_EXPORT,
    WIX_CSV,
    WORDPRESS_COM,
    WORDPRESS_PAGE,
    changed,
    zipped,
)
from broadsheet.pages.models import StandardPage

GHOST_JSON = {version: GHOST / f"v{version}_export.json" for version in (2, 3, 4)}


def ghost_5_zip(tmp_path):
    return zipped(GHOST_5_ZIP, tmp_path / "geneva-desk.ghost.zip")


def substack_zip(tmp_path):
    return zipped(SUBSTACK_EXPORT, tmp_path / "substack-export.zip")


def medium_zip(tmp_path):
    return zipped(MEDIUM_EXPORT, tmp_path / "medium-export.zip", top_level=True)


def ghost_posts(path) -> list[dict]:
    """The posts and pages a Ghost export holds, as Ghost wrote them."""
    export = json.loads(path.read_text(encoding="utf-8"))
    return (export["db"][0] if "db" in export else export)["data"]["posts"]


def imported_pages(prefix: str) -> list[Page]:
    """Every post and page an import made from the source ``prefix`` names."""
    return [
        *PostPage.objects.filter(source_id__startswith=prefix),
        *StandardPage.objects.filter(source_id__startswith=prefix),
    ]


def article(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    return BeautifulSoup(response.content, "html.parser").find("article")


def clean(report):
    assert [str(problem) for problem in report.problems] == []
    return report


# ---- Ghost 2, 3, 4 and 5 --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("version", sorted(GHOST_JSON))
def test_every_post_and_page_of_a_ghost_export_comes_in_whatever_its_version(version, client):
    path = GHOST_JSON[version]

    clean(files_import(paths=[path]))

    source = {post["uuid"]: post for post in ghost_posts(path)}
    pages = {page.source_id.removeprefix("ghost:"): page for page in imported_pages("ghost:")}
    assert set(pages) == set(source)
    for uuid, page in pages.items():
        assert page.title == source[uuid]["title"]
        public = source[uuid]["status"] == "published" and source[uuid]["visibility"] == "public"
        # Drafts and members-only posts stay out of readers' sight.
        assert page.live == public
        if public:
            assert page.title in article(client, page).get_text()


@pytest.mark.django_db
def test_ghost_2_pages_are_pages_and_ghost_3_4_embeds_are_cards():
    for path in GHOST_JSON.values():
        clean(files_import(paths=[path]))

    (about,) = [post for post in ghost_posts(GHOST_JSON[2]) if post["page"]]
    assert StandardPage.objects.get(source_id=f"ghost:{about['uuid']}").title == about["title"]
    for title in ("The second round, explained", "Filmed and posted"):
        post = PostPage.objects.get(title=title)
        assert [block.value["url"] for block in post.body if block.block_type == "embed"], title


@pytest.mark.django_db
def test_a_ghost_5_zip_brings_its_pictures_and_keeps_scheduled_and_paid_posts_unseen(tmp_path):
    report = clean(files_import(paths=[ghost_5_zip(tmp_path)]))

    persian = PostPage.objects.get(slug="geneva-talks-persian")
    picture = GHOST_5_ZIP / "content" / "images" / "2024" / "03" / "geneva.jpg"
    with persian.cover_image.file.open("rb") as stored:
        assert stored.read() == picture.read_bytes()
    assert get_image_model().objects.count() == 1
    assert report.linked_pictures == 0
    election = PostPage.objects.get(slug="election-day")
    assert (election.live, election.go_live_at.year) == (False, 2099)
    assert not PostPage.objects.get(slug="for-supporters").live


# ---- Wix ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_row_of_a_wix_export_is_a_post_at_its_own_address(client):
    clean(files_import(paths=[WIX_CSV]))

    with WIX_CSV.open(encoding="utf-8", newline="") as file:
        rows = {row["ID"]: row for row in csv.DictReader(file)}
    posts = {post.source_id.removeprefix("wix:"): post for post in imported_pages("wix:")}
    assert set(posts) == set(rows)
    assert {post.title for post in posts.values()} == {row["Title"] for row in rows.values()}
    # Two posts of one title: both kept, each at an address of its own.
    twins = [post for post in posts.values() if post.title == "Talks resume in Geneva"]
    assert len(twins) == 2
    assert len({post.url for post in twins}) == 2
    for post in twins:
        assert client.get(post.url).status_code == 200


@pytest.mark.django_db
def test_a_wix_posts_video_link_preview_and_map_are_cards_between_its_paragraphs():
    clean(files_import(paths=[WIX_CSV]))

    post = PostPage.objects.get(source_id="wix:6790aa01bb02cc03dd04ee05")
    kinds = [block.block_type for block in post.body]
    embeds = [block.value["url"] for block in post.body if block.block_type == "embed"]
    assert embeds == [
        "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        "https://un.example/report-2023",
        "https://www.google.com/maps/embed?pb=!1m18",
    ]
    assert kinds[-1] == "paragraph"
    assert "A second round is planned." in str(post.body[-1].value)


# ---- Substack -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_substack_post_comes_in_with_its_pictures_and_threads_are_noted(tmp_path, client):
    report = clean(files_import(paths=[substack_zip(tmp_path)]))

    with (SUBSTACK_EXPORT / "posts.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    posts = {post.source_id.removeprefix("substack:"): post for post in imported_pages("substack:")}
    threads = [row for row in rows if row["type"] == "thread"]
    assert set(posts) == {row["post_id"] for row in rows} - {row["post_id"] for row in threads}
    assert [note.item for note in report.notes if "thread" in note.text] == [
        f"posts.csv row {rows.index(thread) + 2} ({thread['title']})" for thread in threads
    ]
    first = posts["150001.talks-resume-in-geneva"]
    (image,) = [block.value["image"] for block in first.body if block.block_type == "image"]
    with image.file.open("rb") as stored:
        assert (
            stored.read()
            == (SUBSTACK_EXPORT / "images" / "7c1f2e3d-geneva_48x32.jpeg").read_bytes()
        )
    assert client.get(first.url).status_code == 200


# ---- Right to left, end to end --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "title", "language"),
    [
        (lambda tmp_path: ARABIC_FEED, "استئناف المحادثات في جنيف", "ar"),
        (lambda tmp_path: PERSIAN_PAGE, "گفتگوها در ژنو از سر گرفته شد", "fa"),
        # The export's site language is Ghost's default, "en": the letters tell better.
        (ghost_5_zip, "گفتگوها در ژنو از سر گرفته شد", "fa"),
        (lambda tmp_path: WIX_CSV, "گفتگوها در ژنو از سر گرفته شد", "fa"),
        (substack_zip, "گفتگوها در ژنو از سر گرفته شد", "fa"),
    ],
    ids=["arabic-feed", "persian-page", "ghost-5", "wix", "substack"],
)
def test_a_right_to_left_post_reads_right_to_left_at_an_address_in_its_own_script(
    source, title, language, tmp_path, client
):
    clean(files_import(paths=[source(tmp_path)]))

    post = PostPage.objects.get(title=title)
    shown = article(client, post)
    assert (shown["lang"], shown["dir"]) == (language, "rtl")
    assert title in shown.get_text()
    listing = client.get("/blog/").content.decode()
    assert title in listing


# ---- Importing again ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source",
    [
        lambda tmp_path: WORDPRESS_COM,
        lambda tmp_path: MALFORMED_WXR,
        medium_zip,
        substack_zip,
        ghost_5_zip,
        *(lambda tmp_path, path=path: path for path in GHOST_JSON.values()),
        lambda tmp_path: WIX_CSV,
        lambda tmp_path: HUFFPOST_FEED,
        lambda tmp_path: ATOM_FEED,
        lambda tmp_path: CHINESE_FEED,
        lambda tmp_path: ARABIC_FEED,
        lambda tmp_path: WORDPRESS_PAGE,
        lambda tmp_path: PERSIAN_PAGE,
    ],
    ids=[
        "wordpress-com",
        "repaired-wxr",
        "medium",
        "substack",
        "ghost-5",
        "ghost-2",
        "ghost-3",
        "ghost-4",
        "wix",
        "media-rss",
        "atom",
        "chinese-feed",
        "arabic-feed",
        "saved-wordpress-page",
        "persian-page",
    ],
)
def test_importing_any_format_again_reports_everything_unchanged_and_writes_nothing(
    source, tmp_path
):
    path = source(tmp_path)
    first = files_import(paths=[path])
    assert changed(first), "the first import should have brought something in"
    revisions = Revision.objects.count()

    again = files_import(paths=[path])

    assert changed(again) == {}
    assert Revision.objects.count() == revisions
