"""Fills a throwaway site with many published posts quickly, for the speed benchmarks.

Wagtail adds pages one by one (tree bookkeeping, revisions): 100,000 posts would take
over an hour. This writes the rows a published post has, in bulk, as Wagtail would
leave them (tree paths, URL paths, the post's own fields, tags, comments), then
indexes them for search with the search backend's own bulk call. Not for real sites:
no revisions are written, which only the admin's history would miss.
"""

import datetime as dt
import json
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

VOCABULARY = (
    "talks resume delegations ministers border ceasefire parliament election grain corridor "
    "sanctions embassy treaty summit trade pact currency inflation refugees harvest drought "
    "pipeline tariffs coalition protest court ruling reform budget defence envoy"
)
WORDS = VOCABULARY.split(" ")
PARAGRAPHS_PER_POST = 6


def _paragraph(rng: random.Random, number: int) -> str:
    words = [rng.choice(WORDS) for _ in range(60)]
    return f"<p>Report {number}: " + " ".join(words).capitalize() + ".</p>"


def build(*, posts: int, comments_per_post: int = 0, seed: int = 7, progress=print) -> None:
    """Add ``posts`` published posts (and comments on each) to the current database."""
    from wagtail.models import Locale, Page
    from wagtail.rich_text import RichText

    from broadsheet.blog.models import Author, BlogIndexPage, Category, PostPage, PostTag
    from broadsheet.blog.services import site_structure_ensure
    from broadsheet.blog.text import body_plain_text, make_excerpt, reading_time_minutes
    from broadsheet.comments.models import Comment

    rng = random.Random(seed)
    index = site_structure_ensure(site_name="Benchmark Desk")
    index = BlogIndexPage.objects.get(pk=index.pk)
    authors = [
        Author.objects.get_or_create(slug=f"reporter-{n}", defaults={"name": f"Reporter {n}"})[0]
        for n in range(20)
    ]
    categories = [
        Category.objects.get_or_create(slug=f"section-{n}", defaults={"name": f"Section {n}"})[0]
        for n in range(12)
    ]
    from taggit.models import Tag

    tags = [
        Tag.objects.get_or_create(slug=f"topic-{n}", defaults={"name": f"topic {n}"})[0]
        for n in range(200)
    ]
    content_type = ContentType.objects.get_for_model(PostPage)
    locale = Locale.get_default()
    start = dt.datetime(2010, 1, 1, 9, tzinfo=timezone.get_current_timezone())
    first_child = index.numchild + 1
    batch = 2000
    for batch_start in range(0, posts, batch):
        with transaction.atomic():
            pages = []
            for number in range(batch_start, min(posts, batch_start + batch)):
                body = [
                    ("paragraph", RichText(_paragraph(rng, number)))
                    for _ in range(PARAGRAPHS_PER_POST)
                ]
                slug = f"story-{number}"
                date = start + dt.timedelta(hours=number)
                post = PostPage(
                    title=f"Story {number}: {' '.join(rng.choice(WORDS) for _ in range(5))}",
                    slug=slug,
                    path=Page._get_path(index.path, index.depth + 1, first_child + number),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=date,
                    last_published_at=date,
                    latest_revision_created_at=date,
                    author=authors[number % len(authors)],
                    category=categories[number % len(categories)],
                    date=date,
                    body=body,
                )
                post.draft_title = post.title
                text = body_plain_text(post.body)
                post.reading_time_minutes = reading_time_minutes(text)
                post.auto_excerpt = make_excerpt(text)
                pages.append(post)
            _insert_posts(pages)
            PostTag.objects.bulk_create(
                [
                    PostTag(content_object_id=page.pk, tag=tags[(page.pk * k) % len(tags)])
                    for page in pages
                    for k in (1, 7)
                ],
                ignore_conflicts=True,
            )
            Comment.objects.bulk_create(
                [
                    Comment(
                        post_id=page.pk,
                        author_name=f"Reader {c}",
                        body=f"Comment {c} on {page.title}.",
                        status=Comment.Status.APPROVED,
                        created_at=page.date + dt.timedelta(minutes=c + 1),
                    )
                    for page in pages
                    for c in range(comments_per_post)
                ]
            )
        progress(f"  {min(posts, batch_start + batch):,} posts written")
    Page.objects.filter(pk=index.pk).update(numchild=first_child - 1 + posts)
    _index_for_search(progress)


def _insert_posts(pages) -> None:
    """The Page rows in bulk (ids back), then each post's own row, as MTI would write them."""
    from wagtail.models import Page

    from broadsheet.blog.models import PostPage

    base = [
        Page(
            **{
                f.attname: getattr(p, f.attname)
                for f in Page._meta.concrete_fields
                if f.attname != "id"
            }
        )
        for p in pages
    ]
    Page.objects.bulk_create(base)
    fields = [f for f in PostPage._meta.local_concrete_fields if f.attname != "page_ptr_id"]
    columns = ["page_ptr_id", *(f.column for f in fields)]
    rows = []
    for page, saved in zip(pages, base, strict=True):
        page.pk = page.id = page.page_ptr_id = saved.pk
        rows.append(
            [saved.pk, *(f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields)]
        )
    table = PostPage._meta.db_table
    marks = ", ".join(["%s"] * len(columns))
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _index_for_search(progress) -> None:
    from wagtail.search.backends import get_search_backend

    from broadsheet.blog.models import PostPage

    backend = get_search_backend()
    posts = PostPage.objects.select_related("author", "category").prefetch_related("tags")
    ids = list(PostPage.objects.values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), 2000):
        chunk = list(posts.filter(pk__in=ids[start : start + 2000]))
        backend.add_bulk(PostPage, chunk)
        progress(f"  {min(len(ids), start + 2000):,} posts indexed for search")


def dump_stats() -> str:
    from broadsheet.blog.models import PostPage
    from broadsheet.comments.models import Comment

    return json.dumps({"posts": PostPage.objects.count(), "comments": Comment.objects.count()})


def add_comments_to_newest(*, count: int) -> None:
    """``count`` approved comments on the newest post: the seed post the benchmarks read."""
    from broadsheet.blog.models import PostPage
    from broadsheet.comments.models import Comment

    post = PostPage.objects.order_by("-date").first()
    Comment.objects.bulk_create(
        [
            Comment(
                post=post,
                author_name=f"Reader {n}",
                body=f"Comment {n}: the second round looks promising.",
                status=Comment.Status.APPROVED,
                created_at=post.date + dt.timedelta(minutes=n + 1),
            )
            for n in range(count)
        ]
    )
