import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from broadsheet.blog.models import Category, PostPage
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import format_for, ghost
from broadsheet.importers.formats._ghost_lexical import lexical_html
from broadsheet.importers.formats._ghost_mobiledoc import mobiledoc_html
from broadsheet.importers.records import (
    AuthorRecord,
    CategoryRecord,
    ImageRecord,
    NoteRecord,
    PostKind,
    PostRecord,
    PostStatus,
)
from broadsheet.importers.tests.corpora import CORPORA

GHOST_4_EXPORT = CORPORA / "ghost" / "ghost_exported_file.json"
MIGRATE_FIXTURE = CORPORA / "ghost" / "ghost.json"

needs_corpora = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"the shared corpus is not here: {CORPORA} is missing"
)


def posts_of(records):
    return [record for record in records if isinstance(record, PostRecord)]


def corpus_data(path):
    return json.loads(path.read_text(encoding="utf-8"))["db"][0]["data"]


def write_export(directory: Path, data: dict, *, bare=False) -> Path:
    meta = {"exported_on": 1420070400000, "version": "1.0.0"}
    document = {"meta": meta, "data": data} if bare else {"db": [{"meta": meta, "data": data}]}
    path = directory / "ghost-export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def ghost_post(**fields):
    post = {
        "id": "p1",
        "title": "Talks resume",
        "slug": "talks-resume",
        "html": "<p>Delegations met on Monday.</p>",
        "status": "published",
        "visibility": "public",
        "published_at": "2024-03-03T09:30:00.000Z",
        "updated_at": "2024-03-04T10:00:00.000Z",
    }
    return post | fields


USERS = [{"id": "u1", "name": "Desk Editor", "slug": "desk", "email": "desk@example.com"}]


# ---- Real and fixture exports from the corpus ---------------------------------------------


@needs_corpora
def test_a_ghost_4_export_yields_its_posts_with_titles_dates_and_authors():
    records = list(ghost.parse(GHOST_4_EXPORT))
    posts = posts_of(records)
    data = corpus_data(GHOST_4_EXPORT)

    assert len(posts) == len(data["posts"]) == 2
    first, second = posts
    assert (first.title, first.slug) == ("Sample 1 Title", "sample-slug")
    assert first.date == dt.datetime(2023, 1, 14, 4, 28, 17, tzinfo=dt.UTC)
    assert first.modified == dt.datetime(2023, 1, 14, 4, 41, 30, tzinfo=dt.UTC)
    assert second.date == dt.datetime(2023, 1, 14, 4, 29, 25, tzinfo=dt.UTC)
    # posts_authors there names other ids; the posts' own author_id names the user.
    assert (
        first.author
        == second.author
        == AuthorRecord(name="Sample User", slug="user", email="sample@email.com")
    )
    assert first.source_id == "ghost:32785e92-196e-4e2e-8159-189195e92fcc"
    assert second.old_urls == ("/sample-2-title/",)
    assert second.body_html == data["posts"][1]["html"]
    assert second.cover_image.url == data["posts"][1]["feature_image"]


@needs_corpora
def test_a_members_only_post_becomes_a_draft_with_a_note():
    records = list(ghost.parse(GHOST_4_EXPORT))
    first, second = posts_of(records)

    assert first.status is PostStatus.DRAFT
    assert second.status is PostStatus.PUBLISHED
    assert (
        NoteRecord(
            'post "Sample 1 Title"',
            "for members only in Ghost: imported as a draft, so it stays theirs",
        )
        in records
    )


@needs_corpora
def test_the_migrate_fixture_yields_posts_authors_and_primary_tags_as_categories():
    records = list(ghost.parse(MIGRATE_FIXTURE))
    posts = posts_of(records)
    data = corpus_data(MIGRATE_FIXTURE)

    assert records[:2] == [
        CategoryRecord(name="News", slug="news"),
        CategoryRecord(name="Technology", slug="technology"),
    ]
    assert [post.title for post in posts] == [post["title"] for post in data["posts"]]
    assert [post.author.name for post in posts] == ["Alice Johnson", "Bob Smith", "Alice Johnson"]
    assert [post.category for post in posts] == ["News", "Technology", ""]
    assert [post.date.date() for post in posts] == [
        dt.date(2025, 1, 1),
        dt.date(2025, 1, 2),
        dt.date(2025, 1, 3),
    ]
    assert posts[0].cover_image == ImageRecord(url="https://example.com/images/feature-1.jpg")


@needs_corpora
def test_a_post_without_html_is_rendered_from_its_lexical_document():
    post = posts_of(ghost.parse(MIGRATE_FIXTURE))[2]

    assert post.body_html == (
        '<figure><img src="https://example.com/images/lexical-image.jpg" alt=""></figure>'
    )


@needs_corpora
def test_mobiledoc_renders_as_ghost_itself_rendered_it():
    def comparable(markup):
        # Ghost adds ids to headings and drops a trailing empty paragraph.
        return re.sub(r' id="[^"]*"|<p></p>', "", markup)

    for post in corpus_data(GHOST_4_EXPORT)["posts"]:
        rendered, unknown_cards = mobiledoc_html(json.loads(post["mobiledoc"]))

        assert comparable(rendered) == comparable(post["html"])
        assert unknown_cards == set()


@needs_corpora
def test_the_bare_meta_and_data_shape_reads_the_same(tmp_path):
    path = write_export(tmp_path, corpus_data(MIGRATE_FIXTURE), bare=True)

    assert ghost.detect(path)
    assert list(ghost.parse(path)) == list(ghost.parse(MIGRATE_FIXTURE))


@needs_corpora
def test_format_for_recognises_ghost_exports_and_nothing_else(tmp_path):
    not_ghost = tmp_path / "export.json"
    not_ghost.write_text('{"db": []}', encoding="utf-8")

    assert format_for(GHOST_4_EXPORT) is ghost
    assert format_for(MIGRATE_FIXTURE) is ghost
    assert not ghost.detect(not_ghost)
    assert not ghost.detect(CORPORA / "wordpress" / "64-block-test-data.xml")
    assert not ghost.detect(CORPORA / "ghost")


# ---- Exports written by the tests ------------------------------------------------------


def test_an_old_export_with_page_flags_author_ids_and_epoch_dates(tmp_path):
    post = ghost_post(page=True, author_id="u1", published_at=1420070400000, updated_at=None)
    path = write_export(tmp_path, {"posts": [post], "users": USERS})

    (record,) = posts_of(ghost.parse(path))

    assert record.kind is PostKind.PAGE
    assert record.author.name == "Desk Editor"
    assert record.date == dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    assert record.modified is None


def test_tags_follow_sort_order_and_internal_tags_are_left_out(tmp_path):
    tags = [
        {"id": "t1", "name": "World", "slug": "world", "description": "Abroad"},
        {"id": "t2", "name": "Geneva", "slug": "geneva"},
        {"id": "t3", "name": "#newsletter", "slug": "hash-newsletter", "visibility": "internal"},
    ]
    posts_tags = [
        {"post_id": "p1", "tag_id": "t2", "sort_order": 1},
        {"post_id": "p1", "tag_id": "t3", "sort_order": 0},
        {"post_id": "p1", "tag_id": "t1", "sort_order": 0},
    ]
    data = {"posts": [ghost_post()], "users": USERS, "tags": tags, "posts_tags": posts_tags}

    records = list(ghost.parse(write_export(tmp_path, data)))

    assert records[0] == CategoryRecord(name="World", slug="world", description="Abroad")
    assert posts_of(records)[0].category == "World"
    assert posts_of(records)[0].tags == ("Geneva",)


def test_statuses_featured_excerpts_and_feature_image_details(tmp_path):
    posts = [
        ghost_post(id="p1", featured=True, custom_excerpt="In short.", feature_image="/f.jpg"),
        ghost_post(id="p2", slug="later", status="scheduled", published_at="2030-01-01 08:00:00"),
        ghost_post(id="p3", slug="unfinished", status="draft", published_at=None),
    ]
    posts[2]["created_at"] = "2024-03-01 08:00:00"
    meta = [
        {
            "post_id": "p1",
            "feature_image_alt": "Delegates",
            "feature_image_caption": "<b>Geneva</b>",
        }
    ]
    data = {"posts": posts, "users": USERS, "posts_meta": meta}

    first, scheduled, draft = posts_of(ghost.parse(write_export(tmp_path, data)))

    assert first.sticky
    assert not scheduled.sticky
    assert first.excerpt == "In short."
    assert first.cover_image == ImageRecord(url="/f.jpg", alt="Delegates", caption="Geneva")
    assert scheduled.status is PostStatus.SCHEDULED
    assert scheduled.date == dt.datetime(2030, 1, 1, 8, tzinfo=dt.UTC)
    assert draft.status is PostStatus.DRAFT
    assert draft.date == dt.datetime(2024, 3, 1, 8, tzinfo=dt.UTC)


def test_co_authors_are_noted_and_a_post_without_author_goes_to_the_owner(tmp_path):
    users = [*USERS, {"id": "u2", "name": "Owner Person"}, {"id": "u3", "name": "Stringer"}]
    data = {
        "posts": [ghost_post(id="p1"), ghost_post(id="p2", slug="other")],
        "users": users,
        "posts_authors": [
            {"post_id": "p1", "author_id": "u3", "sort_order": 1},
            {"post_id": "p1", "author_id": "u1", "sort_order": 0},
        ],
        "roles": [{"id": "r1", "name": "Owner"}],
        "roles_users": [{"role_id": "r1", "user_id": "u2"}],
    }

    records = list(ghost.parse(write_export(tmp_path, data)))
    first, second = posts_of(records)

    assert first.author.name == "Desk Editor"
    assert second.author.name == "Owner Person"
    assert (
        NoteRecord(
            'post "Talks resume"',
            "co-authors not credited, as a post here has one author: Stringer",
        )
        in records
    )


def test_mobiledoc_is_used_when_html_is_missing_and_unknown_cards_are_noted(tmp_path):
    mobiledoc = {
        "version": "0.3.1",
        "atoms": [["soft-return", "", {}]],
        "markups": [["a", ["href", "https://un.org"]], ["strong"]],
        "cards": [["markdown", {"markdown": "## Aside\n\n- one\n- two"}], ["signup", {}]],
        "sections": [
            [1, "p", [[0, [0], 0, "UN"], [0, [1], 2, " talks"], [1, [], 0, 0], [0, [], 0, "end"]]],
            [3, "ol", [[[0, [], 0, "first"]]]],
            [10, 0],
            [10, 1],
        ],
    }
    post = ghost_post(html=None, mobiledoc=json.dumps(mobiledoc))

    records = list(ghost.parse(write_export(tmp_path, {"posts": [post], "users": USERS})))

    assert posts_of(records)[0].body_html == (
        '<p><a href="https://un.org">UN<strong> talks</strong></a><br>end</p>'
        "<ol><li>first</li></ol><h2>Aside</h2>\n<ul><li>one</li><li>two</li></ul>"
    )
    assert (
        NoteRecord('post "Talks resume"', "cards left out, having no equivalent here: signup")
        in records
    )


def test_lexical_text_formats_links_lists_and_cards():
    document = {
        "root": {
            "children": [
                {
                    "type": "paragraph",
                    "children": [
                        {"type": "extended-text", "text": "Bold & italic", "format": 3},
                        {"type": "linebreak"},
                        {
                            "type": "link",
                            "url": "https://un.org/?a=1&b=2",
                            "children": [{"type": "text", "text": "UN", "format": 0}],
                        },
                    ],
                },
                {
                    "type": "extended-heading",
                    "tag": "h3",
                    "children": [{"type": "text", "text": "H"}],
                },
                {
                    "type": "list",
                    "listType": "number",
                    "children": [{"type": "listitem", "children": [{"type": "text", "text": "a"}]}],
                },
                {"type": "extended-quote", "children": [{"type": "text", "text": "Q"}]},
                {"type": "codeblock", "code": "x < 1", "language": "python"},
                {"type": "html", "html": "<table><tr><td>1</td></tr></table>"},
                {"type": "horizontalrule"},
                {"type": "product", "productTitle": "Mug"},
            ]
        }
    }

    body, unknown_cards = lexical_html(document)

    assert body == (
        "<p><strong><em>Bold &amp; italic</em></strong><br>"
        '<a href="https://un.org/?a=1&amp;b=2">UN</a></p>'
        "<h3>H</h3><ol><li>a</li></ol><blockquote>Q</blockquote>"
        '<pre><code class="language-python">x &lt; 1</code></pre>'
        "<table><tr><td>1</td></tr></table><hr>"
    )
    assert unknown_cards == {"product"}


def test_a_damaged_document_falls_back_to_ghosts_plain_text(tmp_path):
    post = ghost_post(html="", lexical="{not json", plaintext="First para.\n\nSecond para.")

    records = list(ghost.parse(write_export(tmp_path, {"posts": [post], "users": USERS})))
    (record,) = posts_of(records)

    assert record.body_html == ""
    assert record.paragraphs == ("First para.", "Second para.")
    assert (
        NoteRecord(
            'post "Talks resume"',
            "its lexical document is damaged: imported from Ghost's plain-text copy",
        )
        in records
    )


def test_the_site_address_placeholder_is_noted_with_what_to_do(tmp_path):
    post = ghost_post(html='<img src="__GHOST_URL__/content/images/a.jpg">')

    records = list(ghost.parse(write_export(tmp_path, {"posts": [post], "users": USERS})))

    assert records[-1].item == "1 post"
    assert "Replace __GHOST_URL__ in the file with the site's address" in records[-1].message


def test_a_json_file_that_is_not_a_ghost_export_says_what_was_expected(tmp_path):
    path = tmp_path / "posts.json"
    path.write_text('{"posts": []}', encoding="utf-8")

    with pytest.raises(ImportFileError) as raised:
        list(ghost.parse(path))

    assert raised.value.path == path
    assert raised.value.message.startswith("not a Ghost export: expected a Ghost export")
    assert '{"db": [{"meta": …, "data": {"posts": […]}}]}' in raised.value.message


def test_broken_json_is_told_with_its_position(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"db": [{"meta": {},\n "data": {"posts": [}}]}', encoding="utf-8")

    with pytest.raises(ImportFileError) as raised:
        list(ghost.parse(path))

    assert str(raised.value) == f"{path}: line 2, column 21: not valid JSON: Expecting value"


def test_a_post_that_is_not_an_object_is_named(tmp_path):
    path = write_export(tmp_path, {"posts": [ghost_post(), "oops"], "users": USERS})
    records = ghost.parse(path)

    assert isinstance(next(records), PostRecord)
    with pytest.raises(ImportFileError) as raised:
        next(records)
    assert raised.value.item == "posts[1]"


# ---- Through the writer ------------------------------------------------------------------


@needs_corpora
@pytest.mark.django_db
def test_the_import_command_stores_a_ghost_export():
    out, err = io.StringIO(), io.StringIO()

    call_command("import", str(MIGRATE_FIXTURE), stdout=out, stderr=err)

    assert err.getvalue() == ""
    posts = PostPage.objects.order_by("first_published_at")
    assert [post.title for post in posts] == ["Post 1", "Post 2", "Post 3 - Lexical"]
    assert [post.author.name for post in posts] == ["Alice Johnson", "Bob Smith", "Alice Johnson"]
    assert set(Category.objects.values_list("name", flat=True)) == {"News", "Technology"}
    assert posts[0].category.name == "News"
