import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.utils import timezone

from broadsheet.blog.models import Category, PostPage
from broadsheet.comments.models import Comment
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import format_for, wxr
from broadsheet.importers.records import (
    AuthorRecord,
    CategoryRecord,
    CommentKind,
    CommentStatus,
    NoteRecord,
    PostKind,
    PostRecord,
    PostStatus,
)
from broadsheet.importers.services import files_import
from broadsheet.importers.tests.corpora import CORPORA
from broadsheet.pages.models import StandardPage

THEME_DATA = CORPORA / "wordpress" / "themeunittestdata.wordpress.xml"
BLOCK_DATA = CORPORA / "wordpress" / "64-block-test-data.xml"
THEME_SITE = "https://wpthemetestdata.wordpress.com"
# The theme unit test data is a WordPress.com export: WXR 1.2 in its https namespace.
WP = {"wp": "https://wordpress.org/export/1.2/"}
LINK_NOTICES = {"pingback", "trackback"}

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"the shared corpus is not here: {CORPORA} is missing"
)


@pytest.fixture(scope="module")
def theme_records():
    return list(wxr.parse(THEME_DATA))


@pytest.fixture(scope="module")
def theme_tree():
    return ElementTree.parse(THEME_DATA).getroot()


def posts_of(records):
    return [record for record in records if isinstance(record, PostRecord)]


def post_titled(records, title):
    (post,) = [post for post in posts_of(records) if post.title == title]
    return post


def item_with_id(tree, post_id):
    return tree.find(f"channel/item[wp:post_id='{post_id}']", WP)


def write_wxr(directory: Path, items: str, *, namespace="http://wordpress.org/export/1.2/"):
    """A small WordPress export: one author, Uncategorized, News, World and ``items``."""
    path = directory / "export.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{namespace}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{namespace}">
<channel>
  <title>Desk</title><link>https://desk.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_login>ed</wp:author_login><wp:author_email>ed@desk.example</wp:author_email>
    <wp:author_display_name>Desk Editor</wp:author_display_name></wp:author>
  <wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>uncategorized</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name>Uncategorized</wp:cat_name></wp:category>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>news</wp:category_nicename>
    <wp:category_parent></wp:category_parent>
    <wp:cat_name>News &amp;amp; Views</wp:cat_name></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>world</wp:category_nicename>
    <wp:category_parent>news</wp:category_parent><wp:cat_name>World</wp:cat_name></wp:category>
  {items}
</channel>
</rss>
""",
        encoding="utf-8",
    )
    return path


def wxr_item(
    *,
    post_id=10,
    title="Talks resume",
    status="publish",
    name="talks-resume",
    date_gmt="2024-03-03 09:30:00",
    date="2024-03-03 10:30:00",
    content="Text.",
    extra="",
):
    return f"""<item>
  <title>{title}</title><link>https://desk.example/{name}/</link>
  <dc:creator>ed</dc:creator><guid isPermaLink="false">https://desk.example/?p={post_id}</guid>
  <content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id><wp:post_date>{date}</wp:post_date>
  <wp:post_date_gmt>{date_gmt}</wp:post_date_gmt><wp:post_name>{name}</wp:post_name>
  <wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>
  <wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
  {extra}
</item>"""


def wxr_comment(comment_id, *, parent=0, approved="1", kind=""):
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
  <wp:comment_author>Reader {comment_id}</wp:comment_author>
  <wp:comment_date_gmt>2024-03-04 08:00:00</wp:comment_date_gmt>
  <wp:comment_content>Comment {comment_id}</wp:comment_content>
  <wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>
  <wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


# ---- The theme unit test data: a real WordPress.com export ----------------------------


@needs_corpora
def test_every_post_and_page_of_the_export_becomes_a_record(theme_records, theme_tree):
    items = theme_tree.findall("channel/item", WP)
    posts = posts_of(theme_records)

    def count(post_type):
        return sum(1 for item in items if item.findtext("wp:post_type", namespaces=WP) == post_type)

    # SOURCES.md lists 58 posts and 21 pages; none of them is private.
    assert sum(post.kind is PostKind.POST for post in posts) == count("post") == 58
    assert sum(post.kind is PostKind.PAGE for post in posts) == count("page") == 21


@needs_corpora
def test_categories_come_first_with_their_hierarchy(theme_records, theme_tree):
    categories = [record for record in theme_records if isinstance(record, CategoryRecord)]
    first_post = next(i for i, record in enumerate(theme_records) if isinstance(record, PostRecord))
    by_name = {category.name: category for category in categories}

    assert len(categories) == len(theme_tree.findall("channel/wp:category", WP))
    assert all(isinstance(record, CategoryRecord) for record in theme_records[:first_post])
    assert by_name["Child Category 03"].parent == "Parent Category"
    assert by_name["Grandchild Category"].parent == "Child Category 03"
    assert by_name["Parent Category"].parent == ""
    assert by_name["Child Category 01"].description == (
        "This is a description for the Child Category 01."
    )


@needs_corpora
def test_tags_are_the_posts_own_terms(theme_records, theme_tree):
    tag_names = {
        term.text.strip()
        for term in theme_tree.findall("channel/item/category[@domain='post_tag']")
    }
    imported = {tag for post in posts_of(theme_records) for tag in post.tags}
    many_tags = item_with_id(theme_tree, 1151)
    expected = [term.text for term in many_tags.findall("category[@domain='post_tag']")]
    tags = post_titled(theme_records, "Edge Case: Many Tags").tags

    assert tag_names <= imported
    # Its tags in the file's order, then its other category.
    assert tags == (*expected, "Edge Case")
    assert len(expected) > 30


@needs_corpora
def test_a_post_keeps_its_title_slug_date_author_and_addresses(theme_records):
    post = post_titled(theme_records, "Template: Comments")

    assert post.slug == "template-comments"
    assert post.source_id == f"wxr:{THEME_SITE}:1148"
    assert post.date == dt.datetime(2012, 1, 3, 17, 11, 37, tzinfo=dt.UTC)
    assert post.author == AuthorRecord(
        name="Theme Buster", slug="themedemos", email="themeshaperwp+demos@gmail.com"
    )
    assert post.status is PostStatus.PUBLISHED
    assert post.old_urls == (f"{THEME_SITE}/2012/01/03/template-comments/", "/?p=1148")


@needs_corpora
def test_the_first_category_is_the_posts_and_the_others_become_tags(theme_records):
    post = post_titled(theme_records, "Template: Comments")

    # The file lists Classic, then Template.
    assert post.category == "Classic"
    assert post.tags == ("comments", "template", "Template")


@needs_corpora
def test_comments_are_threaded_with_their_approval_and_link_notices_kept_as_such(
    theme_records, theme_tree
):
    comments = theme_tree.findall("channel/item/wp:comment", WP)
    notices = [c for c in comments if c.findtext("wp:comment_type", namespaces=WP) in LINK_NOTICES]
    replies = [c for c in comments if c.findtext("wp:comment_parent", namespaces=WP) != "0"]
    imported = [comment for post in posts_of(theme_records) for comment in post.comments]
    by_id = {comment.source_id.rpartition(":")[2]: comment for comment in imported}

    assert len(imported) == len(comments) == 33
    assert sum(comment.kind is not CommentKind.COMMENT for comment in imported) == len(notices)
    assert sum(bool(comment.parent_source_id) for comment in imported) == len(replies) == 10
    assert by_id["905"].parent_source_id == f"wxr:{THEME_SITE}:comment:904"
    assert by_id["905"].author_name == "Jane Bloggs"
    assert by_id["905"].body == "Comment Depth 02"
    assert by_id["1017"].status is CommentStatus.PENDING
    assert by_id["1017"].parent_source_id == f"wxr:{THEME_SITE}:comment:168"
    assert by_id["167"].status is CommentStatus.APPROVED


@needs_corpora
def test_pingbacks_and_trackbacks_are_kept_apart_from_the_comments(theme_records):
    post = post_titled(theme_records, "Template: Pingbacks And Trackbacks")

    kinds = [comment.kind for comment in post.comments]
    assert kinds.count(CommentKind.COMMENT) == 1
    assert kinds.count(CommentKind.PINGBACK) + kinds.count(CommentKind.TRACKBACK) == 4
    (reader,) = [c for c in post.comments if c.kind is CommentKind.COMMENT]
    assert reader.body == "This is a comment amongst pingbacks and trackbacks."


@needs_corpora
def test_drafts_stay_drafts_scheduled_posts_scheduled_and_sticky_posts_sticky(theme_records):
    draft = post_titled(theme_records, "Draft")
    scheduled = post_titled(theme_records, "Scheduled")

    assert draft.status is PostStatus.DRAFT
    # A draft has no post_name: its slug comes from its title.
    assert draft.slug == "draft"
    assert scheduled.status is PostStatus.SCHEDULED
    assert scheduled.date == dt.datetime(2030, 1, 1, 19, 0, 18, tzinfo=dt.UTC)
    assert [post.title for post in posts_of(theme_records) if post.sticky] == ["Template: Sticky"]


@needs_corpora
def test_a_password_protected_post_becomes_a_draft_with_a_note(theme_records):
    post = post_titled(theme_records, 'Template: Password Protected (the password is "enter")')
    notes = [record.item for record in theme_records if isinstance(record, NoteRecord)]

    assert post.status is PostStatus.DRAFT
    assert f'post 1168 "{post.title}"' in notes


@needs_corpora
def test_the_featured_image_is_the_attachment_the_post_names(theme_records, theme_tree):
    thumbnail_id = item_with_id(theme_tree, 1011).findtext(
        "wp:postmeta[wp:meta_key='_thumbnail_id']/wp:meta_value", namespaces=WP
    )
    attachment = item_with_id(theme_tree, thumbnail_id)

    cover = post_titled(theme_records, "Template: Featured Image (Horizontal)").cover_image

    assert cover.url == attachment.findtext("wp:attachment_url", namespaces=WP)
    assert cover.title == attachment.findtext("title")


@needs_corpora
def test_body_images_from_the_media_library_come_with_their_attachment(theme_records):
    post = post_titled(theme_records, "Markup: Image Alignment")
    images = {image.url.rpartition("/")[2]: image for image in post.images}

    # Matched by file although the body's class names other attachment ids.
    assert images["image-alignment-580x300.jpg"].title == "Image Alignment 580x300"
    assert images["image-alignment-150x150.jpg"].alt == "Image Alignment 150x150"
    assert all(image.url in post.body_html for image in post.images)


@needs_corpora
def test_classic_posts_get_the_paragraphs_and_line_breaks_wordpress_gives_them(
    theme_records, theme_tree
):
    content = item_with_id(theme_tree, 146).findtext(
        "content:encoded", namespaces={"content": "http://purl.org/rss/1.0/modules/content/"}
    )
    paragraphs = [part for part in re.split(r"\n\s*\n", content) if part.strip()]

    lorem = post_titled(theme_records, "Lorem Ipsum").body_html
    with_comments = post_titled(theme_records, "Page with comments").body_html

    assert lorem.count("<p>") == len(paragraphs) > 10
    assert lorem.startswith("<p>Lorem ipsum dolor sit amet")
    assert "displayed.<br />\nIf the Theme" in with_comments


@needs_corpora
def test_caption_and_gallery_shortcodes_become_figures(theme_records):
    caption = post_titled(theme_records, "Post Format: Image (Caption)").body_html
    gallery = post_titled(theme_records, "Post Format: Gallery").body_html

    assert caption.startswith("<figure><a href=")
    assert caption.endswith("<figcaption>Bell on wharf in San Francisco</figcaption></figure>")
    assert "[caption" not in caption
    assert "[gallery" not in gallery
    assert '<img src="https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"' in gallery


@needs_corpora
def test_titles_lose_their_markup_and_slugs_their_percent_encoding(theme_records):
    slugs = {post.slug for post in posts_of(theme_records)}

    assert post_titled(theme_records, "Markup: Title With Markup").slug == (
        "markup-title-with-markup"
    )
    assert post_titled(theme_records, "(no title)").slug == "edge-case-no-title"
    assert "επίπεδο-2" in slugs


@needs_corpora
def test_menus_and_unused_media_are_noted_not_imported(theme_records, theme_tree):
    menu_items = theme_tree.findall("channel/item[wp:post_type='nav_menu_item']", WP)
    notes = {record.item for record in theme_records if isinstance(record, NoteRecord)}

    assert f"{len(menu_items)} nav_menu_item items" in notes


# ---- Block-editor content ---------------------------------------------------------------


@needs_corpora
def test_block_posts_keep_their_block_html_without_the_block_comments():
    records = list(wxr.parse(BLOCK_DATA))
    tree = ElementTree.parse(BLOCK_DATA).getroot()
    ns = {"wp": "http://wordpress.org/export/1.2/", "c": "http://purl.org/rss/1.0/modules/content/"}
    bodies = {post.source_id.rpartition(":")[2]: post.body_html for post in posts_of(records)}
    checked = 0
    for item in tree.findall("channel/item[wp:post_type='post']", ns):
        content = item.findtext("c:encoded", namespaces=ns)
        body = bodies[item.findtext("wp:post_id", namespaces=ns)]
        assert "<!-- wp:" not in body
        if "<!-- wp:" not in content:
            continue  # A classic post, which gets paragraphs.
        # Each line of block HTML, away from delimiters and shortcodes, is in the body.
        for line in content.splitlines():
            if line.strip() and "<!--" not in line and "[" not in line and "http" not in line:
                assert line.strip() in body
                checked += 1
    assert checked > 500


@needs_corpora
def test_block_posts_get_no_paragraphs_added():
    records = list(wxr.parse(BLOCK_DATA))
    preformatted = post_titled(records, "Preformatted").body_html

    assert "<br />" not in preformatted
    assert "<p><pre" not in preformatted


@needs_corpora
def test_a_gallery_shortcode_shows_the_attachments_it_lists():
    records = list(wxr.parse(BLOCK_DATA))
    post = post_titled(records, "Shortcode")

    assert [image.alt for image in post.images] == ["Brazil Beach", "Windmill"]
    assert post.body_html.count("<figure>") == 2


# ---- Small exports written by the tests ---------------------------------------------------


def test_a_private_post_stays_private(tmp_path):
    path = write_wxr(tmp_path, wxr_item(status="private", title="Staff rota"))

    (post,) = posts_of(wxr.parse(path))

    assert post.status is PostStatus.PRIVATE


def test_a_local_date_without_its_utc_copy_is_read_in_the_sites_time_zone(tmp_path):
    path = write_wxr(tmp_path, wxr_item(status="draft", date_gmt="0000-00-00 00:00:00"))

    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        (post,) = posts_of(wxr.parse(path))

    assert post.date == dt.datetime(2024, 3, 3, 9, 30, tzinfo=dt.UTC)


def test_older_wxr_namespaces_are_read_the_same(tmp_path):
    path = write_wxr(tmp_path, wxr_item(), namespace="http://wordpress.org/export/1.0/")

    (post,) = posts_of(wxr.parse(path))

    assert wxr.detect(path)
    assert post.author.name == "Desk Editor"
    assert post.slug == "talks-resume"


def test_categories_name_their_parent_and_decode_wordpress_escaping(tmp_path):
    records = list(wxr.parse(write_wxr(tmp_path, "")))

    assert CategoryRecord(name="World", slug="world", parent="News & Views") in records


def test_the_yoast_primary_category_wins_and_uncategorized_never_becomes_a_tag(tmp_path):
    terms = """
      <category domain="category" nicename="uncategorized">Uncategorized</category>
      <category domain="category" nicename="news">News &amp;amp; Views</category>
      <category domain="category" nicename="world">World</category>
      <category domain="post_tag" nicename="geneva">Geneva</category>
      <wp:postmeta><wp:meta_key>_yoast_wpseo_primary_category</wp:meta_key>
        <wp:meta_value>3</wp:meta_value></wp:postmeta>"""
    path = write_wxr(tmp_path, wxr_item(extra=terms))

    (post,) = posts_of(wxr.parse(path))

    assert post.category == "World"
    assert post.tags == ("Geneva", "News & Views")


def test_comment_states_and_a_reply_to_a_pingback_threads_under_the_pingback(tmp_path):
    comments = "".join(
        (
            wxr_comment(1),
            wxr_comment(2, parent=1, kind="pingback"),
            wxr_comment(3, parent=2),
            wxr_comment(4, approved="spam"),
            wxr_comment(5, approved="trash"),
        )
    )
    path = write_wxr(tmp_path, wxr_item(extra=comments))

    (post,) = posts_of(wxr.parse(path))
    by_id = {comment.source_id: comment for comment in post.comments}

    assert list(by_id) == [f"wxr:https://desk.example:comment:{n}" for n in (1, 2, 3, 4, 5)]
    assert by_id["wxr:https://desk.example:comment:2"].kind is CommentKind.PINGBACK
    assert by_id["wxr:https://desk.example:comment:3"].parent_source_id == (
        "wxr:https://desk.example:comment:2"
    )
    assert by_id["wxr:https://desk.example:comment:4"].status is CommentStatus.SPAM
    assert by_id["wxr:https://desk.example:comment:5"].status is CommentStatus.REJECTED


def test_a_comment_written_in_html_becomes_text_keeping_its_links(tmp_path):
    comment = wxr_comment(1).replace(
        "Comment 1", '<![CDATA[See <a href="https://un.org/report">the report</a>.<br>Thanks]]>'
    )
    path = write_wxr(tmp_path, wxr_item(extra=comment))

    (post,) = posts_of(wxr.parse(path))

    assert post.comments[0].body == "See the report (https://un.org/report).\nThanks"


@pytest.mark.django_db
def test_a_repeated_slug_gets_a_number_so_neither_post_replaces_the_other(tmp_path):
    items = wxr_item(post_id=10) + wxr_item(post_id=11, title="Talks resume again")
    path = write_wxr(tmp_path, items)

    files_import(paths=[path])
    again = files_import(paths=[path])

    assert sorted(PostPage.objects.values_list("slug", "title")) == [
        ("talks-resume", "Talks resume"),
        ("talks-resume-2", "Talks resume again"),
    ]
    assert not [n for (_, outcome), n in again.counts.items() if outcome in ("created", "updated")]


def test_a_guid_naming_another_post_is_not_taken_as_an_old_address(tmp_path):
    item = wxr_item(post_id=10).replace("?p=10</guid>", "?p=99</guid>")
    path = write_wxr(tmp_path, item)

    (post,) = posts_of(wxr.parse(path))

    assert post.old_urls == ("https://desk.example/talks-resume/", "/?p=10")


# ---- Files that are not WordPress exports, or are hostile -------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&lol3;</title></item></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&secret;</title></item></channel></rss>
"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_entities_and_dtds_are_refused_before_anything_is_yielded(tmp_path, hostile):
    path = tmp_path / "hostile.xml"
    path.write_text(hostile, encoding="utf-8")
    records = wxr.parse(path)

    with pytest.raises(ImportFileError) as raised:
        next(records)

    assert raised.value.path == path
    assert raised.value.item == "line 2, column 15"
    assert "DOCTYPE" in raised.value.message
    assert "root:" not in str(raised.value)


@needs_corpora
def test_a_truncated_export_is_read_as_far_as_it_goes_and_says_where_it_broke(tmp_path):
    text = THEME_DATA.read_text(encoding="utf-8")
    cut = text.index("</item>", len(text) // 2) + len("</item>")
    path = tmp_path / "truncated.xml"
    path.write_text(text[:cut], encoding="utf-8")

    records = list(wxr.parse(path))

    last_line = text[:cut].count("\n") + 1
    (note,) = [r for r in records if isinstance(r, NoteRecord) and r.item == "the file"]
    assert f"line {last_line}, column {len('</item>') + 1}: no element found" in note.message
    assert "read with a tolerant parser" in note.message
    assert 0 < len(posts_of(records)) < 58


def test_mismatched_tags_are_repaired_and_the_note_says_where(tmp_path):
    path = write_wxr(tmp_path, "<item><title>Oops</item>" + wxr_item())
    lines = path.read_text(encoding="utf-8").splitlines()
    (line_number,) = [n for n, line in enumerate(lines, start=1) if "Oops" in line]
    # expat points at the name in the closing tag: "</" is two columns before it.
    column = lines[line_number - 1].index("</item>") + len("</") + 1

    records = list(wxr.parse(path))

    # What a recovering parser makes of a mismatched tag is its best guess: the note
    # says where to look.
    assert records[0].message.startswith(
        f"it is not well-formed XML (line {line_number}, column {column}: mismatched tag)"
    )


@needs_corpora
def test_an_rss_feed_read_as_a_wordpress_export_is_told_what_it_is():
    feed = CORPORA / "feeds" / "rss_2.0_heated.xml"

    with pytest.raises(ImportFileError) as raised:
        list(wxr.parse(feed))

    assert "an RSS feed, not a WordPress export" in raised.value.message
    assert not wxr.detect(feed)


@needs_corpora
def test_format_for_recognises_wordpress_exports_and_nothing_else():
    assert format_for(THEME_DATA) is wxr
    assert format_for(BLOCK_DATA) is wxr
    assert not wxr.detect(CORPORA / "feeds" / "TechCrunch.xml")
    assert not wxr.detect(CORPORA / "ghost" / "ghost.json")
    assert not wxr.detect(CORPORA / "wordpress")


# ---- Through the writer ------------------------------------------------------------------


@needs_corpora
@pytest.mark.django_db
def test_the_import_command_stores_a_block_editor_export():
    out, err = io.StringIO(), io.StringIO()

    call_command("import", str(BLOCK_DATA), stdout=out, stderr=err)

    assert err.getvalue() == ""
    assert PostPage.objects.count() == 61
    assert StandardPage.objects.filter(slug="how-to").exists()
    assert Category.objects.count() == 7
    paragraph = PostPage.objects.get(slug="paragraph")
    assert "A paragraph with drop cap enabled." in str(paragraph.body)
    assert paragraph.category.name == "Text"
    reply = Comment.objects.get(parent__isnull=False)
    assert reply.post == reply.parent.post


@needs_corpora
@pytest.mark.django_db
def test_importing_the_theme_unit_test_data_keeps_its_hierarchy_and_threads():
    files_import(paths=[THEME_DATA])

    grandchild = Category.objects.get(name="Grandchild Category")
    reply = Comment.objects.get(source_id=f"wxr:{THEME_SITE}:comment:905")
    post = PostPage.objects.get(slug="template-comments")

    assert grandchild.parent.name == "Child Category 03"
    assert grandchild.parent.parent.name == "Parent Category"
    assert PostPage.objects.count() == 58
    # The site shows one level of replies: a reply joins the thread it started from.
    assert reply.parent.source_id == f"wxr:{THEME_SITE}:comment:904"
    assert reply.post == post
    assert post.comments.count() == 20
    assert post.author.name == "Theme Buster"
