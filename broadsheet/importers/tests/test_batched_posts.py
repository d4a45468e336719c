"""New posts written together (ArchiveWriter.posts_store) end up exactly as written one at a
time: pages, tree, revisions, log, tags, comments, redirects, search, reference index and
entities. A post the database refuses is named while the rest land; a second run
duplicates nothing."""

import dataclasses
import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.core.tests.queue import run_queued_tasks
from broadsheet.entities.models import PostEntity
from broadsheet.importers.records import CommentStatus, PostStatus
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.services import CHARACTERS_AT_ONCE, POSTS_AT_ONCE, files_import
from broadsheet.importers.tests.factories import MARCH_3, comment_record, post_record
from broadsheet.importers.tests.test_wxr import write_wxr, wxr_item
from broadsheet.importers.tests.wxr_export import wxr_export
from broadsheet.importers.writer import ArchiveWriter

BODY = (
    "<p>Story {n}: delegations from France and Germany met in Geneva on Monday.</p>"
    "<h2>What was agreed</h2><ul><li>A ceasefire line</li></ul>"
    "<p>Officials said a <a href='https://example.com/'>second round</a> is planned.</p>"
)


SHOWN_FIELDS = (
    *("title", "draft_title", "slug", "url_path", "path", "depth", "numchild", "live"),
    *("has_unpublished_changes", "expired", "first_published_at", "last_published_at"),
    *("date", "excerpt", "auto_excerpt", "reading_time_minutes", "source_url", "language"),
    *("locale_id", "content_type_id", "seo_title", "search_description", "go_live_at"),
    *("owner_id", "sticky", "date_chosen"),
)


def records(count=6):
    return [
        post_record(
            source_id=f"test:story-{n}",
            title=f"Story {n} from Geneva",
            slug=f"story-{n}",
            date=MARCH_3 + dt.timedelta(days=n),
            modified=MARCH_3 + dt.timedelta(days=n, hours=3),
            paragraphs=(),
            body_html=BODY.format(n=n),
            excerpt="" if n % 2 else f"Excerpt {n}.",
            tags=("diplomacy", f"round {n % 2}"),
            category="World" if n % 3 else "",
            old_urls=(f"https://old.example/?p={n}", f"/2024/03/story-{n}/"),
            comments=(
                comment_record("1"),
                comment_record("2", parent_source_id="1"),
                comment_record("3", parent_source_id="2", status=CommentStatus.PENDING),
            )
            if n % 2
            else (),
        )
        for n in range(1, count + 1)
    ]


def one_at_a_time(writer, items):
    return [writer.post_store(record) for record in items]


def together(writer, items):
    return [store() for _, store in writer.posts_store(items)]


def site_state():
    """What readers, editors and the admin see of the imported posts, keys left out."""
    posts = PostPage.objects.filter(source_id__startswith="test:").order_by("path")
    source_of = {post.pk: post.source_id for post in posts}
    state = {"tree problems": [list(problem) for problem in Page.find_problems()]}
    for post in posts:
        revision = post.latest_revision
        content = {
            name: value
            for name, value in revision.content.items()
            if name not in {"pk", "id", "page_ptr", "translation_key", "body", "tagged_items"}
        }
        state[post.source_id] = {
            "fields": [getattr(post, name) for name in SHOWN_FIELDS],
            "url": post.url,
            "author": post.author.name,
            "category": post.category.name if post.category else None,
            "tags": sorted(tag.name for tag in post.tags.all()),
            "body": [(block.block_type, str(block.value)) for block in post.body],
            "revisions": Revision.page_revisions.filter(object_id=str(post.pk)).count(),
            "live revision is latest": post.live_revision_id == revision.pk,
            "revision created": post.latest_revision_created_at == revision.created_at,
            "revision content": content,
            "revision tags": sorted(item["tag"] for item in revision.content["tagged_items"]),
            "revision object": str(revision.as_object().title),
            "log": sorted(
                (entry.action, entry.revision_id == revision.pk, entry.content_changed, entry.label)
                for entry in PageLogEntry.objects.filter(page_id=post.pk)
            ),
            "comments": sorted(
                (
                    comment.source_id,
                    comment.parent.source_id if comment.parent else "",
                    comment.author_name,
                    comment.body,
                    comment.status,
                    comment.created_at,
                    comment.replies_notified_at is not None,
                )
                for comment in post.comments.select_related("parent")
            ),
            "redirects": sorted(
                Redirect.objects.filter(redirect_page=post).values_list("old_path", "is_permanent")
            ),
            "references": sorted(
                # The content path names a tag's row, whose key a rollback may not reuse.
                (
                    entry.model_path,
                    re.sub(r"\d+", "N", entry.content_path),
                    entry.to_content_type.model,
                )
                for entry in ReferenceIndex.get_references_for_object(post)
            ),
            "comment references": ReferenceIndex.objects.filter(
                content_type__model="comment",
                object_id__in=[str(pk) for pk in post.comments.values_list("pk", flat=True)],
            ).count(),
            "entities": sorted(
                PostEntity.objects.filter(post=post).values_list("entity__name", "count")
            ),
        }
    blog_index = posts[0].get_parent()
    state["blog index children"] = (blog_index.numchild, blog_index.get_children().count())
    for words in ("Geneva", "diplomacy", "World", "ceasefire"):
        found = PostPage.objects.live().search(words)
        state[f"search {words}"] = sorted(source_of[post.pk] for post in found)
    return state


def imported(store, items, capture_on_commit):
    """The site after ``store`` stored ``items``, with every task the import queued done
    (as the worker would do them); then as it was before."""
    with transaction.atomic():
        with capture_on_commit(execute=True):
            changes = store(ArchiveWriter(), items)
        run_queued_tasks()
        state = site_state()
        transaction.set_rollback(True)
    return state, changes


@pytest.mark.django_db
def test_posts_written_together_end_up_as_posts_written_one_at_a_time(
    blog_index, database_queue, django_capture_on_commit_callbacks
):
    items = records()
    # Made first, so that both ways file the posts under the same keys (PostgreSQL never
    # hands a key out twice, even after a rollback).
    factories.author(name="Desk Editor", slug="desk-editor")
    factories.category(name="World", slug="world")
    for name in ("diplomacy", "round 0", "round 1"):
        Tag.objects.create(name=name, slug=slugify(name))
    alone, alone_changes = imported(one_at_a_time, items, django_capture_on_commit_callbacks)
    batched, batched_changes = imported(together, items, django_capture_on_commit_callbacks)

    assert batched_changes == alone_changes
    assert alone["tree problems"] == [[], [], [], [], []]
    assert alone["search Geneva"] == [record.source_id for record in items]
    assert alone["test:story-1"]["revisions"] == 1
    assert alone["test:story-1"]["log"][0][0] == "wagtail.create"
    assert alone["test:story-1"]["entities"], "the entity extraction ran"
    assert alone["test:story-1"]["comment references"] == 5  # Each to its post and parent
    for key in alone:
        assert batched[key] == alone[key], key


@pytest.mark.django_db
def test_posts_written_together_cost_a_few_queries_each(blog_index, database_queue):
    items = records(count=20)

    with CaptureQueriesContext(connection) as queries:
        together(ArchiveWriter(), items)

    assert PostPage.objects.count() == 20
    # One at a time, these cost about fifty queries a post (tasks queued included).
    assert len(queries) < 3 * len(items)


@pytest.mark.django_db
def test_drafts_and_posts_met_before_are_stored_in_their_place_among_new_ones():
    items = records(count=4)
    items[1] = dataclasses.replace(items[1], status=PostStatus.DRAFT)
    items[3] = dataclasses.replace(items[3], slug=items[2].slug, source_id="test:same-slug")

    changes = together(ArchiveWriter(), items)

    assert [change.item for change in changes] == [record.title for record in items]
    assert list(PostPage.objects.order_by("path").values_list("slug", "live")) == [
        ("story-1", True),
        ("story-2", False),
        ("story-3", True),
        ("story-3-2", True),
    ]
    assert "another post has the address 'story-3': this one is at 'story-3-2'" in (
        changes[3].notes
    )
    assert Page.find_problems() == ([], [], [], [], [])


def refuse_comments_saying(words: str):
    """Make the database itself refuse a comment: a trigger, as a real constraint would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_comment() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.body = '{words}' THEN RAISE EXCEPTION 'comment refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_comment BEFORE INSERT ON comments_comment "
                "FOR EACH ROW EXECUTE FUNCTION refuse_comment()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_comment BEFORE INSERT ON comments_comment "
                f"WHEN NEW.body = '{words}' BEGIN SELECT RAISE(ABORT, 'comment refused'); END"
            )


def stop_refusing_comments():
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER refuse_comment"
            + (" ON comments_comment" if connection.vendor == "postgresql" else "")
        )


@pytest.mark.django_db
def test_a_post_the_database_refuses_is_named_and_the_rest_of_its_batch_lands(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(wxr_export(12, comments_per_post=2), encoding="utf-8")
    refuse_comments_saying("Comment 2 on post 7.")

    report = files_import(paths=[export])

    (problem,) = report.problems
    assert problem.item == "Post number 7"
    assert "the database refused it" in problem.text
    assert "comment refused" in problem.text
    assert report.counts[Kind.POST, Outcome.CREATED] == 11
    assert report.counts[Kind.POST, Outcome.FAILED] == 1
    titles = set(PostPage.objects.values_list("title", flat=True))
    assert titles == {f"Post number {n}" for n in range(1, 13)} - {"Post number 7"}
    assert Comment.objects.count() == 22
    assert not Redirect.objects.filter(old_path="/?p=7").exists()
    assert Page.find_problems() == ([], [], [], [], [])

    stop_refusing_comments()
    again = files_import(paths=[export])

    assert not again.problems
    assert again.counts[Kind.POST, Outcome.CREATED] == 1
    assert again.counts[Kind.POST, Outcome.UNCHANGED] == 11
    assert PostPage.objects.count() == 12
    assert Comment.objects.count() == 24


@pytest.mark.django_db
def test_importing_again_duplicates_nothing(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(wxr_export(POSTS_AT_ONCE + 5, comments_per_post=2), encoding="utf-8")
    files_import(paths=[export])
    rows = [model.objects.count() for model in (Page, Revision, PageLogEntry, Comment, Redirect)]

    again = files_import(paths=[export])

    assert again.counts[Kind.POST, Outcome.UNCHANGED] == POSTS_AT_ONCE + 5
    assert not again.changed_anything
    assert [
        model.objects.count() for model in (Page, Revision, PageLogEntry, Comment, Redirect)
    ] == rows


@pytest.mark.django_db
def test_an_editor_opens_a_post_written_together_in_the_admin(admin_client):
    together(ArchiveWriter(), records(count=2))
    post = PostPage.objects.get(slug="story-2")

    response = admin_client.get(f"/admin/pages/{post.pk}/edit/")

    assert response.status_code == 200
    assert "Story 2 from Geneva" in response.text
    assert "ceasefire line" in response.text
    assert admin_client.get("/post/story-2/").status_code == 200
    assert admin_client.get("/2024/03/story-2/").headers["Location"].endswith("/post/story-2/")


@pytest.mark.django_db
def test_long_posts_are_written_fewer_at_a_time(tmp_path, database_queue):
    # Each post's body is held, read, until its batch is written: long ones fill it sooner.
    paragraph = "<p>" + "A long report. " * 1000 + "</p>"
    words = paragraph * (CHARACTERS_AT_ONCE // len(paragraph) // 2 + 1)
    items = "".join(
        wxr_item(post_id=n, title=f"Long {n}", name=f"long-{n}", content=words) for n in range(6)
    )

    report = files_import(paths=[write_wxr(tmp_path, items)])

    assert report.counts[Kind.POST, Outcome.CREATED] == 6
    batches = DBTaskResult.objects.filter(task_path__endswith="index_imported_posts")
    assert [len(batch.args_kwargs["kwargs"]["post_ids"]) for batch in batches] == [2, 2, 2]
