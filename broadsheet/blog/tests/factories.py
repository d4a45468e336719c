"""Small factories for tests: posts, authors, categories, comments, images; dates pinned."""

import datetime as dt
import io
import itertools

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from broadsheet.blog.models import Author, BlogIndexPage, Category, PostPage
from broadsheet.blog.services import post_publish, site_structure_ensure
from broadsheet.comments.models import Comment

_sequence = itertools.count(1)
BASE_DATE = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())


def blog_index() -> BlogIndexPage:
    return site_structure_ensure(site_name="Test Desk")


def author(name=None, **fields) -> Author:
    name = name or f"Author {next(_sequence)}"
    return Author.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def category(name=None, **fields) -> Category:
    name = name or f"Category {next(_sequence)}"
    return Category.objects.create(name=name, slug=fields.pop("slug", slugify(name)), **fields)


def paragraphs_body(*paragraphs):
    return [("paragraph", RichText(f"<p>{escape(p)}</p>")) for p in paragraphs]


def post(
    title=None,
    *,
    paragraphs=("A paragraph of news.",),
    body=None,
    tags=(),
    publish=True,
    date=None,
    **fields,
) -> PostPage:
    """A post under the blog index, published unless ``publish=False``."""
    n = next(_sequence)
    title = title or f"Post number {n}"
    fields.setdefault("author", fields.get("author") or author())
    page = PostPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        date=date or BASE_DATE + dt.timedelta(days=n),
        body=body if body is not None else paragraphs_body(*paragraphs),
        live=publish,
        **fields,
    )
    blog_index().add_child(instance=page)
    if tags:
        page.tags.add(*tags)
        page.save()
    if publish:
        post_publish(post=page)
    else:
        page.save_revision()
    return page


def comment(post, *, body=None, author_name=None, created_at=None, **fields) -> Comment:
    """An approved comment on ``post`` unless ``status`` says otherwise."""
    n = next(_sequence)
    fields.setdefault("status", Comment.Status.APPROVED)
    return Comment.objects.create(
        post=post,
        author_name=author_name or f"Reader {n}",
        body=body or f"Comment number {n}.",
        created_at=created_at or BASE_DATE + dt.timedelta(hours=n),
        **fields,
    )


def image(title="A river at dusk", *, width=64, height=48):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (70, 110, 150)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{slugify(title)}.png")
    )
