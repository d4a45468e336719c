"""The WordPress export, read back by Broadsheet's own WordPress importer."""

import pytest
from defusedxml import ElementTree

from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.exporters.tests.exports import export
from broadsheet.exporters.tests.site import GO_LIVE, example_site
from broadsheet.exporters.wxr import NAMESPACES
from broadsheet.importers.formats import wxr as wxr_format
from broadsheet.importers.records import (
    AuthorRecord,
    CategoryRecord,
    CommentStatus,
    PostKind,
    PostRecord,
    PostStatus,
)

BASE_URL = "https://desk.example"
WP = {"wp": NAMESPACES["wp"]}


@pytest.fixture
def site(db):
    return example_site()


@pytest.fixture
def wxr_path(site, tmp_path):
    return export(tmp_path / "site.xml", "--format", "wxr", "--base-url", BASE_URL + "/")


@pytest.fixture
def records(wxr_path):
    return list(wxr_format.parse(wxr_path))


def posts_by_title(records) -> dict[str, PostRecord]:
    return {record.title: record for record in records if isinstance(record, PostRecord)}


def test_the_export_is_well_formed_wxr_1_2_declaring_wordpress_namespaces(wxr_path):
    text = wxr_path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text.encode())
    channel = root.find("channel")

    assert (root.tag, root.get("version")) == ("rss", "2.0")
    for prefix, uri in NAMESPACES.items():
        assert f'xmlns:{prefix}="{uri}"' in text
    assert channel.findtext("wp:wxr_version", namespaces=WP) == "1.2"
    assert channel.findtext("wp:base_site_url", namespaces=WP) == BASE_URL
    assert channel.findtext("wp:base_blog_url", namespaces=WP) == BASE_URL
    assert channel.findtext("title") == "Test Desk"
    # WordPress's importer files a category under a parent it has already made.
    nicenames = [
        c.findtext("wp:category_nicename", namespaces=WP)
        for c in channel.iterfind("wp:category", WP)
    ]
    assert nicenames.index("middle-east") < nicenames.index("iran")


def test_categories_come_back_with_their_parents_and_posts_with_their_filing(records):
    categories = [record for record in records if isinstance(record, CategoryRecord)]
    talks = posts_by_title(records)["Talks resume in Geneva"]

    assert CategoryRecord(name="Iran", slug="iran", parent="Middle East") in categories
    assert (
        CategoryRecord(name="Middle East", slug="middle-east", description="News from the region.")
        in categories
    )
    assert talks.category == "Iran"
    assert talks.tags == ("diplomacy", "Iran")


def test_posts_come_back_with_their_author_dates_status_and_details(site, records):
    posts = posts_by_title(records)
    talks = posts["Talks resume in Geneva"]

    assert talks.author == AuthorRecord(
        name="Maryam Rahimi", slug="maryam-rahimi", bio="Covers Iran and the Gulf."
    )
    assert talks.slug == "talks-resume-in-geneva"
    assert talks.date == site.talks.date
    assert (talks.status, talks.kind, talks.sticky) == (PostStatus.PUBLISHED, PostKind.POST, True)
    assert talks.excerpt == "Delegations met on Monday."
    assert talks.old_urls[0] == f"{BASE_URL}/post/talks-resume-in-geneva/"
    assert talks.cover_image.url.startswith(f"{BASE_URL}/media/original_images/a-river-at-dusk")
    assert talks.cover_image.alt == "The Karun at dusk, boats moored"
    assert posts["Sanctions explained"].status is PostStatus.DRAFT
    # WordPress calls it "future"; Broadsheet's importer schedules it for then.
    assert posts["Election day"].status is PostStatus.SCHEDULED
    assert posts["Election day"].date == GO_LIVE


def test_a_post_with_unpublished_changes_goes_out_as_readers_see_it(records):
    oil = posts_by_title(records)["Oil prices fall"]

    assert oil.body_html == "<p>Brent fell by four percent.</p>"
    assert oil.status is PostStatus.PUBLISHED


def test_bodies_are_html_with_absolute_links_and_the_original_pictures(site, records):
    talks = posts_by_title(records)["Talks resume in Geneva"]
    (picture,) = talks.images

    assert "<h2>What was agreed</h2>" in talks.body_html
    assert f'<a href="{BASE_URL}/post/oil-prices-fall/">oil fell</a>' in talks.body_html
    assert f'<a href="{BASE_URL}/blog/">all posts</a>' in talks.body_html
    # WordPress's own quote block, which imports back as a quote with its attribution.
    assert (
        '<blockquote class="wp-block-quote"><p>We are closer.<br>Not there yet.</p>'
        "<cite>A delegate</cite></blockquote>"
    ) in talks.body_html
    assert '<figcaption>Dusk <span class="credit">M. R.</span></figcaption></figure>' in (
        talks.body_html
    )
    assert "<table><tbody><tr><th>Round</th><td>2</td></tr></tbody></table>" in talks.body_html
    assert picture.url == f"{BASE_URL}{site.talks.cover_image.file.url}"
    assert picture.alt == "Boats moored"


def test_comments_come_back_threaded_with_their_approval(records):
    comments = posts_by_title(records)["Talks resume in Geneva"].comments
    ali, sara = comments[0], comments[1]

    assert [comment.status for comment in comments] == [
        CommentStatus.APPROVED,
        CommentStatus.APPROVED,
        CommentStatus.PENDING,
        CommentStatus.SPAM,
        CommentStatus.REJECTED,
    ]
    assert (ali.author_name, ali.author_email, ali.author_url) == (
        "Ali",
        "ali@example.com",
        "https://ali.example",
    )
    assert ali.parent_source_id == ""
    assert sara.parent_source_id == ali.source_id
    assert sara.body == "Agreed.\nSecond line."
    assert sara.date == Comment.objects.get(author_name="Sara").created_at


def test_bodies_are_marked_as_blocks_so_wordpress_shows_them_as_written(wxr_path):
    root = ElementTree.parse(wxr_path).getroot()
    content = next(
        item.findtext("content:encoded", namespaces={"content": NAMESPACES["content"]})
        for item in root.iterfind("channel/item")
        if item.findtext("title") == "Talks resume in Geneva"
    )

    assert content.startswith("<!-- wp:html -->\n<h2>What was agreed</h2>\n<!-- /wp:html -->")
    assert "<!-- wp:paragraph -->\n<p>As <a href=" in content


def test_pages_come_back_as_pages(records):
    about = posts_by_title(records)["About"]

    assert (about.kind, about.status, about.slug) == (PostKind.PAGE, PostStatus.PUBLISHED, "about")
    assert f'<a href="{BASE_URL}/post/talks-resume-in-geneva/">news</a>' in about.body_html


@pytest.mark.django_db
def test_text_that_would_break_xml_is_written_so_it_reads_back_as_it_was(tmp_path):
    factories.post(
        "Q&A: what <b> means ]]> here",
        body=[("html", "<p>a]]>b\x0bc &amp; d</p>")],
        excerpt="Fish & chips < 5 ]]>",
    )
    path = export(tmp_path / "site.xml", "--format", "wxr")

    (post,) = [record for record in wxr_format.parse(path) if isinstance(record, PostRecord)]

    # Titles are HTML in WordPress: escaped as WordPress escapes them, in CDATA as it writes them.
    assert (
        "<title><![CDATA[Q&amp;A: what &lt;b&gt; means ]]&gt; here]]></title>" in path.read_text()
    )
    assert post.title == "Q&A: what <b> means ]]> here"
    assert post.body_html == "<p>a]]&gt;bc &amp; d</p>"
    assert post.excerpt == "Fish & chips < 5 ]]>"
