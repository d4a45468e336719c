"""A WordPress.com export of 2025 moved in whole: every post, picture, comment thread and
old address, in the shape WordPress.com writes it (tests/fixtures/wordpress)."""

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from broadsheet.blog.models import Author, BlogIndexPage, PostPage
from broadsheet.comments.models import Comment
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import wxr
from broadsheet.importers.records import NoteRecord, PostRecord, PostStatus, ProblemRecord
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.corpora import corpus
from broadsheet.importers.tests.shapes import (
    MALFORMED_WXR,
    WORDPRESS_COM,
    WORDPRESS_UPLOADS,
    changed,
    run_import,
)
from broadsheet.importers.tests.test_wxr import write_wxr, wxr_item
from broadsheet.pages.models import StandardPage

SITE = "https://geneva-desk.example"
TALKS = "/post/talks-resume-in-geneva/"


@pytest.fixture
def imported(db):
    """The fixture imported with its uploads folder, as `--media` gives it."""
    report = files_import(paths=[WORDPRESS_COM], media_folders=(WORDPRESS_UPLOADS,))
    assert [str(problem) for problem in report.problems] == []
    return report


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


# ---- 1. The posts page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_posts_page_becomes_the_blog_index_and_the_run_exits_cleanly(client):
    out, err, error = run_import(WORDPRESS_COM, "--media", WORDPRESS_UPLOADS)

    assert error is None
    assert err == ""
    assert not StandardPage.objects.filter(title="Blog").exists()
    assert (
        "Blog: it was the site's list of posts: its address now leads to this site's, /blog/"
        in (out)
    )
    assert soup(client, "/blog/").h1.get_text(strip=True) == BlogIndexPage.objects.get().title


def test_the_theme_unit_test_data_imports_and_exits_zero(db):
    out, err, error = run_import(corpus("wordpress/themeunittestdata.wordpress.xml"))

    assert (error, err) == (None, "")
    assert out.splitlines()[-1] == "Imported: nothing failed, nothing was left out."
    # Its "Blog" page has words of its own: kept, beside the blog's own address.
    assert StandardPage.objects.get(title="a Blog page").url == "/blog-page/"


# ---- 2. Slugs Wagtail would refuse ----------------------------------------------------------


def test_slugs_are_decoded_and_cleaned_keeping_their_own_script(imported, client):
    titles = dict(PostPage.objects.values_list("title", "slug"))

    # A right-to-left override and an emoji in post_name: gone, the words kept.
    assert titles["Breaking: ceasefire holds 🔥"] == "breaking-ceasefire-holds"
    # Percent-encoded Arabic: decoded, its letters kept.
    assert titles["استئناف المحادثات في جنيف"] == "استئناف-المحادثات"
    assert soup(client, "/post/استئناف-المحادثات/").h1.get_text(strip=True) == (
        "استئناف المحادثات في جنيف"
    )


# ---- 10 and 11. Scheduled, private and undated posts -----------------------------------------


def test_a_scheduled_post_stays_scheduled_for_its_date(imported, client):
    post = PostPage.objects.get(title="Election day")

    assert not post.live
    assert post.go_live_at == dt.datetime(2099, 5, 1, 6, 0, tzinfo=dt.UTC)
    assert post.scheduled_revision is not None
    assert client.get(post.url).status_code == 404


def test_a_private_post_is_kept_behind_the_sites_privacy_and_out_of_every_list(imported, client):
    post = PostPage.objects.get(title="Staff rota")

    assert post.live
    assert PageViewRestriction.objects.get(page=post).restriction_type == "login"
    assert client.get(post.url).status_code == 404
    assert "Staff rota" not in client.get("/blog/").content.decode()
    assert "Staff rota" not in client.get("/feed/").content.decode()


def test_a_post_with_only_a_pub_date_is_dated_by_it(imported):
    post = PostPage.objects.get(title="Notes from the airport")

    assert post.date == dt.datetime(2025, 1, 12, 17, 45, tzinfo=dt.UTC)
    assert post.live


@pytest.mark.django_db
def test_a_run_that_left_out_an_item_says_so_on_its_last_line(tmp_path):
    undated = wxr_item(post_id=12, title="Undated", name="undated", date="", date_gmt="")
    path = write_wxr(tmp_path, wxr_item() + undated)

    out, _err, error = run_import(path)

    assert error is None
    assert 'post 12 "Undated": it has no date' in out
    assert out.splitlines()[-1] == (
        "Imported, but 1 item was left out for the reasons in the notes above: "
        "fix them and import again."
    )


# ---- 12. Files that are not well-formed -------------------------------------------------------


def test_a_raw_ampersand_is_repaired_with_a_note_and_nothing_lost():
    records = list(wxr.parse(MALFORMED_WXR))

    posts = [record for record in records if isinstance(record, PostRecord)]
    assert [post.title for post in posts] == ["Salt & vinegar, a history", "Mushy peas & more"]
    assert (
        posts[0].body_html
        == "<p>Salt &amp; vinegar came first; ketchup &amp; curry sauce later.</p>"
    )
    (note,) = [r for r in records if isinstance(r, NoteRecord) and r.item == "the file"]
    assert note.message.startswith("it is not well-formed XML (line 4, column 15")
    assert "read with a tolerant parser, as WordPress's importer does" in note.message


def test_a_file_repaired_still_refuses_a_dtd(tmp_path):
    path = tmp_path / "hostile.xml"
    text = MALFORMED_WXR.read_text(encoding="utf-8")
    path.write_text(
        text.replace("<rss ", '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss ', 1),
        encoding="utf-8",
    )

    with pytest.raises(ImportFileError, match="DOCTYPE"):
        list(wxr.parse(path))


# ---- 13. Comment threads and pingbacks --------------------------------------------------------


def test_a_ten_deep_thread_is_stored_whole_and_shown_nested_to_four_levels(imported, client):
    deepest = Comment.objects.get(body__startswith="Level 10 ")
    depth, comment = 1, deepest
    while comment.parent is not None:
        depth, comment = depth + 1, comment.parent

    page = soup(client, TALKS)

    assert depth == 10
    assert len(page.select(".comment-list .comment")) == 10
    (last_level,) = page.select(".comment-replies .comment-replies .comment-replies")
    authors = [author.get_text() for author in last_level.select(".comment-author")]
    assert authors == [f"Reader {n}" for n in range(4, 11)]
    # Shown beside the replies they answer, deeper replies say whom they answer.
    assert [a.get_text(" ", strip=True) for a in last_level.select(".in-reply-to")] == [
        f"in reply to Reader {n}" for n in range(4, 10)
    ]


def test_pingbacks_wait_apart_from_the_comments_and_show_as_mentions_once_approved(
    imported, client
):
    notices = Comment.objects.exclude(kind=Comment.Kind.COMMENT)

    assert sorted(notices.values_list("kind", "status")) == [
        ("pingback", "pending"),
        ("trackback", "pending"),
    ]
    assert soup(client, TALKS).select_one(".mentions") is None
    notices.update(status=Comment.Status.APPROVED)
    mentions = soup(client, TALKS).select(".mentions a")
    assert [a["href"] for a in mentions] == [
        "https://gulf-monitor.example/2025/01/15/geneva/",
        "https://europe-weekly.example/geneva-round/",
    ]
    heading = soup(client, TALKS).select_one("#comments-heading").get_text(" ", strip=True)
    assert heading == "Comments (10)"


# ---- 14. Pictures -----------------------------------------------------------------------------


def test_pictures_come_from_the_uploads_folder_and_the_featured_image_is_the_cover(imported):
    post = PostPage.objects.get(title="Talks resume in Geneva")
    images = [block.value for block in post.body if block.block_type == "image"]

    assert post.cover_image is not None
    assert post.cover_image_alt == "Delegates outside the Palais des Nations"
    # The body showed a smaller size of the same upload: the original file stands in.
    assert images[0]["image"].pk == post.cover_image.pk
    assert [image["alt_text"] for image in images] == [
        "Delegates outside the Palais des Nations",
        "The delegates at the table",
    ]


@pytest.mark.django_db
def test_without_the_uploads_the_summary_says_how_many_pictures_stayed_links():
    out, _err, _error = run_import(WORDPRESS_COM)

    assert re.search(
        rf"^4 pictures stayed where they live, the posts linking to them: to copy them in, run "
        rf"manage.py import --fetch-images {re.escape(str(WORDPRESS_COM))}",
        out,
        re.MULTILINE,
    )


# ---- 15. What WordPress plugins and the page tree add ------------------------------------------


def test_co_authors_plus_credits_the_first_author_and_keeps_the_guest_one(imported):
    bylines = dict(PostPage.objects.values_list("title", "author__name"))

    assert bylines["Talks resume in Geneva"] == "Maryam Rahimi"
    assert bylines["The second round, explained"] == "Jonas Weber"
    assert set(Author.objects.values_list("name", flat=True)) >= {"Maryam Rahimi", "Jonas Weber"}


def test_yoast_titles_descriptions_primary_category_and_sticky_posts_are_kept(imported):
    post = PostPage.objects.get(title="Talks resume in Geneva")

    assert post.seo_title == "Talks resume in Geneva"
    assert post.search_description == "Geneva talks resume after months of deadlock."
    assert post.category.name == "World"
    assert post.sticky
    assert StandardPage.objects.get(title="About").search_description == "Who writes Geneva Desk."


def test_the_page_tree_is_kept_and_deep_addresses_still_answer(imported, client):
    level_3 = StandardPage.objects.get(title="Level 3")

    assert level_3.get_parent().title == "Level 2"
    assert level_3.get_parent().get_parent().title == "Level 1"
    assert client.get("/level-1/level-2/level-3/").status_code == 200


# ---- 16. Old archive addresses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/category/europe/", "/blog/category/europe/"),
        ("/tag/geneva/", "/blog/tag/geneva/"),
        ("/category/europe/feed/", "/blog/category/europe/feed/"),
        ("/2025/01/", "/blog/2025/01/"),
        ("/2025/01/13/", "/blog/2025/01/"),
        ("/2025/", "/blog/archive/"),
        ("/feed/rss2/", "/feed/"),
        ("/comments/feed/", "/feed/"),
        ("/?feed=rss2", "/feed/"),
        ("/page/2/", "/blog/?page=2"),
        # An old slug WordPress remembered (_wp_old_slug).
        ("/2025/01/13/geneva-talks-resume/", TALKS),
        ("/?p=10", TALKS),
    ],
)
def test_old_archive_addresses_lead_to_their_equivalent(imported, client, old, new):
    response = client.get(old)

    assert (response.status_code, response["Location"]) == (301, new)


def test_author_pages_keep_their_address(imported, client):
    assert client.get("/author/maryam/").status_code == 200
    assert client.get("/author/jonas-weber/").status_code == 200


# ---- 6. Embeds, and what never runs here --------------------------------------------------------


def test_embeds_become_link_cards_and_what_is_dropped_is_noted(imported, client):
    talks = soup(client, TALKS)
    filmed = soup(client, "/post/filmed-and-posted/")
    cards = [
        (card.select_one(".embed-action").get_text(), card.a["href"])
        for card in filmed.select(".embed-card")
    ]

    assert (
        talks.select_one(".embed-card a")["href"] == "https://www.youtube.com/watch?v=M7lc1UVf-VE"
    )
    assert talks.select_one(".embed-card figcaption").get_text() == (
        "The opening statements, in full."
    )
    assert cards == [
        ("Watch on Vimeo", "https://vimeo.com/76979871"),
        ("Read on X (Twitter)", "https://twitter.com/un_geneva/status/1878712345678901234"),
        ("See the map on Google Maps", "https://www.google.com/maps/embed?pb=!1m18!1m12"),
    ]
    assert not filmed.select_one(".post-body").find(["iframe", "script"])
    assert not filmed.find("iframe")
    notes = [str(note) for note in imported.notes]
    assert any(
        "Filmed and posted: left out what this site never runs or shows: 1 script" in note
        for note in notes
    )


# ---- Issue 8, point 7: hostile markup keeps the text after it ------------------------------------


def test_hostile_math_table_and_style_markup_swallows_no_text(imported, client):
    text = soup(client, "/post/hostile-markup/").select_one(".post-body").get_text(" ", strip=True)

    assert "After the math, the reporter's text goes on" in text
    assert "A last paragraph that must not be lost either." in text
    assert not [note for note in imported.notes if "could not be kept" in note.text]


# ---- What came in, and importing again -------------------------------------------------------


def test_every_post_comment_and_picture_of_the_export_came_in(imported):
    records = [r for r in wxr.parse(WORDPRESS_COM) if isinstance(r, PostRecord)]
    source_posts = [r for r in records if r.kind.value == "post"]
    source_comments = sum(len(r.comments) for r in source_posts)

    assert not [r for r in wxr.parse(WORDPRESS_COM) if isinstance(r, ProblemRecord)]
    assert PostPage.objects.count() == len(source_posts) == 9
    assert Comment.objects.count() == source_comments == 12
    # Two files in the uploads folder, shown at three addresses.
    assert imported.counts["images", "created"] == 2
    assert {r.status for r in source_posts} == {
        PostStatus.PUBLISHED,
        PostStatus.SCHEDULED,
        PostStatus.PRIVATE,
    }


def test_importing_again_changes_nothing(imported):
    again = files_import(paths=[WORDPRESS_COM], media_folders=(WORDPRESS_UPLOADS,))

    assert changed(again) == {}
    assert [str(problem) for problem in again.problems] == []
