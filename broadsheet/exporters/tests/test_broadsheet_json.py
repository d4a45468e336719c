import datetime as dt
import zipfile

import pytest
from wagtail.images import get_image_model

from broadsheet.blog.models import PostPage
from broadsheet.comments.models import Comment
from broadsheet.exporters.tests.exports import export, json_document
from broadsheet.exporters.tests.site import GO_LIVE, example_site
from broadsheet.pages.models import StandardPage

SECTIONS = [
    "format",
    "version",
    "exported_at",
    "site",
    "images",
    "authors",
    "categories",
    "tags",
    "entities",
    "stories",
    "posts",
    "pages",
    "redirects",
    "subscribers",
]


@pytest.fixture
def site(db):
    return example_site()


@pytest.fixture
def archive(site, tmp_path):
    return export(tmp_path / "site-export.zip")


def post_titled(document, title):
    (post,) = [post for post in document["posts"] if post["content"]["title"] == title]
    return post


def test_the_document_names_its_format_and_lists_its_sections_in_order(archive):
    document = json_document(archive)

    assert list(document) == SECTIONS
    assert (document["format"], document["version"]) == ("broadsheet", 1)
    assert dt.datetime.fromisoformat(document["exported_at"]).utcoffset() == dt.timedelta(0)
    # No newsletter yet: the section is there, and empty.
    assert document["subscribers"] == []


def test_every_picture_is_in_the_zip_as_its_original_named_by_its_hash(archive):
    document = json_document(archive)
    originals = {image.title: image.file.read() for image in get_image_model().objects.all()}

    with zipfile.ZipFile(archive) as zip_file:
        files = {image["title"]: zip_file.read(image["file"]) for image in document["images"]}
    river = next(image for image in document["images"] if image["title"] == "A river at dusk")

    assert files == originals
    assert river["file"] == f"images/{river['id']}/a-river-at-dusk.png"
    assert river["alt"] == "The Karun at dusk, boats moored"
    assert river["focal_point"] == {"x": 30, "y": 20, "width": 10, "height": 8}


def test_posts_refer_to_pictures_pages_authors_and_categories_by_ids_that_travel(site, archive):
    document = json_document(archive)
    images = {image["title"]: image["id"] for image in document["images"]}
    talks = post_titled(document, "Talks resume in Geneva")["content"]
    paragraph = next(block for block in talks["body"] if block["type"] == "paragraph")
    image_block = next(block for block in talks["body"] if block["type"] == "image")

    assert talks["author"] == "maryam-rahimi"
    assert talks["category"] == "iran"
    assert talks["tags"] == ["Iran", "diplomacy"]
    assert talks["cover_image"] == images["A river at dusk"]
    assert image_block["value"]["image"] == images["A river at dusk"]
    assert f'id="{site.oil.translation_key}"' in paragraph["value"]
    assert f'id="{site.blog_index.translation_key}"' in paragraph["value"]
    assert document["site"]["blog_index"]["id"] == str(site.blog_index.translation_key)
    assert {"slug": "iran", "name": "Iran", "description": "", "parent": "middle-east"} in (
        document["categories"]
    )
    (author,) = [author for author in document["authors"] if author["slug"] == "maryam-rahimi"]
    assert author["photo"] == images["Portrait of Maryam"]


def test_each_post_says_whether_it_is_published_a_draft_or_scheduled(archive):
    document = json_document(archive)
    statuses = {post["content"]["title"]: post["status"] for post in document["posts"]}
    scheduled = post_titled(document, "Election day")

    assert statuses == {
        "Oil prices fall further": "published",
        "Talks resume in Geneva": "published",
        "Sanctions explained": "draft",
        "Election day": "scheduled",
    }
    assert dt.datetime.fromisoformat(scheduled["content"]["go_live_at"]) == GO_LIVE


def test_a_published_post_with_unpublished_changes_carries_both_versions(archive):
    oil = post_titled(json_document(archive), "Oil prices fall further")

    assert oil["content"]["body"][0]["value"] == "<p>Brent fell by six percent.</p>"
    assert oil["live_content"]["title"] == "Oil prices fall"
    assert oil["live_content"]["body"][0]["value"] == "<p>Brent fell by four percent.</p>"
    assert post_titled(json_document(archive), "Talks resume in Geneva")["live_content"] is None


def test_comments_keep_every_status_their_threads_and_their_authors_addresses(archive):
    comments = post_titled(json_document(archive), "Talks resume in Geneva")["comments"]
    ali, sara = comments[0], comments[1]

    assert [comment["status"] for comment in comments] == [
        "approved",
        "approved",
        "pending",
        "spam",
        "rejected",
    ]
    assert (ali["author_email"], ali["author_url"]) == ("ali@example.com", "https://ali.example")
    assert (sara["parent"], sara["body"]) == (ali["id"], "Agreed.\nSecond line.")
    # Made here, so named after this site and the comment's number on it.
    assert (
        ali["id"]
        == f"broadsheet:http://localhost:comment:{Comment.objects.get(author_name='Ali').pk}"
    )


def test_redirects_keep_their_target_their_site_and_whether_they_are_permanent(site, archive):
    redirects = {redirect["old_path"]: redirect for redirect in json_document(archive)["redirects"]}

    assert redirects["/old-talks"]["page"] == str(site.talks.translation_key)
    assert redirects["/old-talks"]["is_permanent"] is True
    assert redirects["/old-talks"]["site"] is None
    assert (redirects["/elsewhere"]["link"], redirects["/elsewhere"]["is_permanent"]) == (
        "https://example.com/",
        False,
    )
    assert redirects["/2020/about.html"]["site"] == "http://localhost"
    assert redirects["/2020/about.html"]["page"] == str(site.about.translation_key)


# Page fields an export leaves out on purpose, each made again by the importing site.
LEFT_OUT = {
    # The page tree and its bookkeeping: the importing site places the page itself.
    "id",
    "page_ptr",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "locale",
    "alias_of",
    "draft_title",
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "expired",
    # Users and editing locks belong to the exporting site's accounts.
    "owner",
    "locked",
    "locked_at",
    "locked_by",
    # Kept in step with the body whenever a post is saved.
    "reading_time_minutes",
    "auto_excerpt",
    # Whether its first publication emails the newsletter: an import never emails, and
    # a draft moved in is the importing site's editors' to send.
    "email_subscribers",
    # Whether a draft is dated when it goes live: an imported post keeps the date its
    # export gives it.
    "date_chosen",
}
# The fields the entry's own keys stand for, beside its content's.
ENTRY_FIELDS = {
    "id": {"translation_key"},
    "status": {"live", "has_unpublished_changes"},
    "first_published_at": {"first_published_at"},
    "last_published_at": {"last_published_at"},
    "source_id": {"source_id"},
    "source_url": {"source_url"},
}


@pytest.mark.parametrize("section", ["posts", "pages"])
def test_every_field_of_a_post_or_page_is_exported_or_left_out_on_purpose(archive, section):
    entry = json_document(archive)[section][0]
    model = PostPage if section == "posts" else StandardPage
    exported = set(entry["content"]).union(*(ENTRY_FIELDS.get(key, ()) for key in entry))
    fields = {field.name for field in model._meta.concrete_fields}

    # A field in neither set is lost by an export: add it to broadsheet_json (and to its
    # importer), or to LEFT_OUT saying why.
    assert fields - LEFT_OUT == exported - {"tags", "stories"}


def test_a_tags_description_travels_with_it(site, archive):
    tags = {tag["name"]: tag for tag in json_document(archive)["tags"]}

    assert tags["diplomacy"]["description"] == "Talks, treaties and mediators."
    assert tags["Iran"]["description"] == ""
