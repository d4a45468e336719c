import dataclasses

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from broadsheet.blog.models import Author, BlogIndexPage, Category, HomePage, PostPage
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.importers import comments
from broadsheet.importers.records import (
    AuthorRecord,
    CategoryRecord,
    PostKind,
    PostStatus,
)
from broadsheet.importers.results import Kind, Outcome
from broadsheet.importers.tests.factories import MARCH_3, comment_record, post_record
from broadsheet.importers.writer import ArchiveWriter
from broadsheet.pages.models import StandardPage


def store(record, **options):
    return ArchiveWriter(**options).post_store(record)


def outcome(changes, kind=Kind.POST):
    (found,) = [outcome for (k, outcome), n in changes.counts.items() if k is kind and n]
    return found


def paragraph_texts(post: PostPage) -> list[str]:
    return [block.value.source for block in post.body]


@pytest.mark.django_db
def test_post_store_creates_a_published_post_under_the_blog_index_with_its_own_date():
    assert outcome(store(post_record())) is Outcome.CREATED

    post = PostPage.objects.get()
    assert post.live
    assert post.get_parent().specific_class is BlogIndexPage
    assert post.url == "/post/talks-resume-in-geneva/"
    assert post.date == MARCH_3
    assert post.first_published_at == MARCH_3
    assert post.last_published_at == MARCH_3
    assert post.author.name == "Desk Editor"
    assert post.author.slug == "desk-editor"
    assert post.source_id == "test:talks"
    assert paragraph_texts(post) == [
        "<p>Delegations met on Monday.</p>",
        "<p>A second round is planned.</p>",
    ]


@pytest.mark.django_db
def test_post_store_escapes_text_so_it_reads_as_written():
    store(post_record(paragraphs=("Use <b> & <script>alert(1)</script>",)))

    assert paragraph_texts(PostPage.objects.get()) == [
        "<p>Use &lt;b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    ]


@pytest.mark.django_db
def test_post_store_turns_html_into_blocks_without_its_scripts():
    store(post_record(body_html="<h2>Why</h2><p>Because <b>talks</b>.</p><script>x()</script>"))

    heading, paragraph = PostPage.objects.get().body
    assert (heading.block_type, dict(heading.value)) == ("heading", {"text": "Why", "level": "h2"})
    assert (paragraph.block_type, paragraph.value.source) == (
        "paragraph",
        "<p>Because <b>talks</b>.</p>",
    )


@pytest.mark.django_db
def test_post_store_again_with_the_same_record_changes_nothing():
    record = post_record(body_html="<p>Text</p><table><tr><td>1</td></tr></table>")
    store(record)
    revisions = Revision.objects.count()

    assert outcome(store(record)) is Outcome.UNCHANGED
    assert PostPage.objects.count() == 1
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_post_store_updates_the_post_with_the_same_source_id_in_place():
    store(post_record())
    first = PostPage.objects.get()

    edited = post_record(paragraphs=("Delegations met on Monday.", "The second round is off."))
    assert outcome(store(edited)) is Outcome.UPDATED

    post = PostPage.objects.get()
    assert post.pk == first.pk
    assert post.live
    assert paragraph_texts(post)[1] == "<p>The second round is off.</p>"


@pytest.mark.django_db
def test_post_store_takes_over_a_post_with_the_same_slug_made_another_way():
    made_by_hand = factories.post("Talks resume in Geneva")

    assert outcome(store(post_record())) is Outcome.UPDATED

    post = PostPage.objects.get()
    assert post.pk == made_by_hand.pk
    assert post.source_id == "test:talks"


@pytest.mark.django_db
def test_post_store_credits_an_existing_author_of_the_same_name():
    author = factories.author("Desk Editor")

    store(post_record())

    assert PostPage.objects.get().author == author
    assert Author.objects.count() == 1


@pytest.mark.django_db
def test_post_store_gives_a_new_author_the_records_slug_and_bio_or_a_slug_no_one_has():
    factories.author("Someone", slug="desk")
    author = AuthorRecord(name="Desk Editor", slug="desk", bio="Files from Geneva.")

    store(post_record(author=author))

    created = Author.objects.get(name="Desk Editor")
    assert (created.slug, created.bio) == ("desk-2", "Files from Geneva.")


@pytest.mark.django_db
def test_post_store_credits_a_mapped_author_under_the_name_it_maps_to():
    writer_ = ArchiveWriter(author_names={"desk": "Desk Editor"})

    writer_.post_store(post_record(author=AuthorRecord(name="desk", slug="desk")))
    writer_.post_store(post_record(source_id="test:2", slug="second", title="Second"))

    assert list(Author.objects.values_list("name", "slug")) == [("Desk Editor", "desk-editor")]


@pytest.mark.django_db
def test_post_store_files_the_post_with_excerpt_tags_category_sticky_and_source_address():
    modified = MARCH_3.replace(day=5)
    store(
        post_record(
            excerpt="Talks are back on.",
            tags=("Geneva", "Diplomacy", "geneva"),
            category="Europe",
            old_urls=("/?p=12", "https://example.com/post/talks-resume-in-geneva"),
            sticky=True,
            modified=modified,
        )
    )

    post = PostPage.objects.get()
    assert post.excerpt == "Talks are back on."
    assert sorted(tag.name for tag in post.tags.all()) == ["Diplomacy", "Geneva"]
    assert post.category == Category.objects.get(name="Europe", slug="europe")
    assert post.source_url == "https://example.com/post/talks-resume-in-geneva"
    assert post.sticky
    assert post.last_published_at == modified


@pytest.mark.django_db
def test_post_store_keeps_a_draft_from_readers_and_takes_down_a_post_its_source_did():
    store(post_record(status=PostStatus.DRAFT))
    assert not PostPage.objects.get().live

    assert outcome(store(post_record())) is Outcome.UPDATED
    assert PostPage.objects.get().live

    assert outcome(store(post_record(status=PostStatus.DRAFT))) is Outcome.UPDATED
    post = PostPage.objects.get()
    assert not post.live
    assert post.get_latest_revision_as_object().title == "Talks resume in Geneva"


@pytest.mark.django_db
def test_post_store_interrupted_while_publishing_leaves_no_half_post(monkeypatch):
    def power_cut(page):
        raise KeyboardInterrupt

    # Its revision is made from it once the page is in the tree, on either way of publishing.
    monkeypatch.setattr(PostPage, "serializable_data", power_cut)

    with pytest.raises(KeyboardInterrupt):
        store(post_record(category="Europe", tags=("Geneva",)))

    assert not PostPage.objects.exists()
    assert not Author.objects.exists()
    assert not Category.objects.exists()


@pytest.mark.django_db
def test_a_comment_failing_midway_leaves_no_post_and_importing_again_finishes_the_job(
    monkeypatch,
):
    record = post_record(
        comments=(comment_record("1"), comment_record("2", parent_source_id="1")),
        old_urls=("/2024/03/03/talks/",),
    )
    real_values = comments._values

    def failing_on_the_reply(record, parent, changes):
        if record.source_id == "2":
            raise RuntimeError("disk full")
        return real_values(record, parent, changes)

    with monkeypatch.context() as patch:
        patch.setattr(comments, "_values", failing_on_the_reply)
        with pytest.raises(RuntimeError):
            store(record)

    assert not PostPage.objects.exists()
    assert not Comment.objects.exists()
    assert not Author.objects.exists()

    changes = store(record)

    assert outcome(changes) is Outcome.CREATED
    assert changes.counts[Kind.COMMENT, Outcome.CREATED] == 2
    assert changes.counts[Kind.REDIRECT, Outcome.CREATED] == 1
    assert Comment.objects.filter(post=PostPage.objects.get()).count() == 2


@pytest.mark.django_db
def test_a_writer_that_saw_a_failure_does_not_reuse_rows_the_rollback_removed(monkeypatch):
    archive_writer = ArchiveWriter()
    with monkeypatch.context() as patch:
        patch.setattr(PostPage, "serializable_data", lambda page: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            archive_writer.post_store(post_record(category="Europe"))

    archive_writer.post_store(post_record(category="Europe"))

    assert PostPage.objects.get().category.name == "Europe"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "T" * 300}, "title"),
        ({"author": AuthorRecord(name="")}, "author name"),
        # Past the limit on a post's size: refused before its HTML is even read.
        ({"body_html": "<p>Words.</p>" * 200_000}, "body"),
        ({"tags": ("t" * 101,)}, "tag name"),
        ({"category": "c" * 81}, "category name"),
    ],
)
@pytest.mark.django_db
def test_post_store_refuses_a_record_the_site_cannot_hold_and_stores_none_of_it(changes, field):
    with pytest.raises(ValidationError) as raised:
        store(post_record(**changes))

    assert field in raised.value.message_dict
    assert not PostPage.objects.exists()
    assert not Author.objects.exists()


# ---- Pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_record_becomes_a_standard_page_under_the_home_page(client):
    record = post_record(
        kind=PostKind.PAGE,
        source_id="test:about",
        title="About us",
        slug="about",
        body_html="<p>We report from Geneva.</p>",
        excerpt="Who we are.",
        tags=("Geneva",),
    )

    changes = store(record)

    page = StandardPage.objects.get()
    assert outcome(changes, Kind.PAGE) is Outcome.CREATED
    assert page.get_parent().specific_class is HomePage
    assert page.first_published_at == MARCH_3
    assert page.search_description == "Who we are."
    assert changes.notes == ["a page has no tags: left out"]
    assert not PostPage.objects.exists()
    response = client.get("/about/")
    assert response.status_code == 200
    assert "We report from Geneva." in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert outcome(store(record), Kind.PAGE) is Outcome.UNCHANGED
    edited = dataclasses.replace(record, body_html="<p>We report from Bern.</p>")
    assert outcome(store(edited), Kind.PAGE) is Outcome.UPDATED
    assert StandardPage.objects.get().pk == page.pk


@pytest.mark.django_db
def test_a_page_at_the_blog_index_address_moves_aside_with_a_note(client):
    store(post_record())

    changes = store(
        post_record(
            kind=PostKind.PAGE,
            source_id="test:blog",
            slug="blog",
            title="A Blog page",
            paragraphs=("This page says something of its own.",),
        )
    )

    page = StandardPage.objects.get()
    assert page.url == "/blog-page/"
    assert "its address /blog/ belongs to this site's own pages" in " ".join(changes.notes)
    assert client.get("/blog-page/").status_code == 200


# ---- Categories -----------------------------------------------------------------------


@pytest.mark.django_db
def test_category_store_files_a_category_under_its_parent_named_by_name_or_slug():
    archive_writer = ArchiveWriter()

    # WordPress names a parent by its slug, and may list it after its children.
    france = archive_writer.category_store(CategoryRecord(name="France", parent="europe"))
    europe = archive_writer.category_store(
        CategoryRecord(name="Europe", slug="europe", description="The continent.")
    )
    paris = archive_writer.category_store(CategoryRecord(name="Paris", parent="France"))

    assert france.counts == {(Kind.CATEGORY, Outcome.CREATED): 2}
    assert europe.counts == {(Kind.CATEGORY, Outcome.UPDATED): 1}
    assert paris.counts == {(Kind.CATEGORY, Outcome.CREATED): 1}
    categories = {category.name: category for category in Category.objects.all()}
    assert set(categories) == {"Europe", "France", "Paris"}
    assert categories["France"].parent == categories["Europe"]
    assert categories["Paris"].parent == categories["France"]
    assert categories["Europe"].description == "The continent."
    assert categories["Europe"].slug == "europe"


@pytest.mark.django_db
def test_category_store_again_changes_nothing_and_refuses_a_loop():
    records = [CategoryRecord(name="Europe"), CategoryRecord(name="France", parent="Europe")]
    for record in records:
        ArchiveWriter().category_store(record)

    again = [ArchiveWriter().category_store(record) for record in records]
    looped = ArchiveWriter().category_store(CategoryRecord(name="Europe", parent="France"))

    assert [changes.counts for changes in again] == [{(Kind.CATEGORY, Outcome.UNCHANGED): 1}] * 2
    assert looped.counts == {(Kind.CATEGORY, Outcome.UNCHANGED): 1}
    assert "which is filed under it" in looped.notes[0]
    assert Category.objects.get(name="Europe").parent is None


@pytest.mark.django_db
def test_two_categories_of_one_name_become_one_described_as_the_first_was():
    records = [
        CategoryRecord(name="Parent"),
        CategoryRecord(name="Foo", slug="foo"),
        CategoryRecord(name="Foo", slug="foo-parent", parent="Parent"),
    ]

    for _ in range(2):
        archive_writer = ArchiveWriter()
        results = [archive_writer.category_store(record) for record in records]

    assert results[2].counts == {(Kind.CATEGORY, Outcome.SKIPPED): 1}
    assert results[2].notes == [
        "another category is also called 'Foo': the two are one here, described as the first was"
    ]
    assert results[1].counts == {(Kind.CATEGORY, Outcome.UNCHANGED): 1}
    foo = Category.objects.get(name="Foo")
    assert (foo.slug, foo.parent) == ("foo", None)
