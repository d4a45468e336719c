"""Reader views outside Wagtail's page tree: the post address, author, category, tag and
month lists, and the archive of months."""

import datetime as dt
import itertools

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateformat import format as format_date
from taggit.models import Tag

from broadsheet.blog import cache_tags
from broadsheet.blog.models import Author, Category, PostPage, TagDescription
from broadsheet.blog.pagination import paginate
from broadsheet.blog.seo import PageMeta, listing_meta
from broadsheet.core.caching import public_cache
from broadsheet.core.memo import remember_site_wide
from broadsheet.core.prepared import PreparedLookup
from broadsheet.pagecache.dependencies import depends_on


# The same for every reader (its forms carry no token: broadsheet.core.origin), so
# shared caches may keep it like a listing.
@public_cache
def post_detail(request, slug):
    post = _post_by_slug().get(slug)
    if post is None:
        raise Http404("No published post has this address.")
    return TemplateResponse(request, post.get_template(request), post.get_context(request))


def _post_by_slug() -> PreparedLookup:
    # Compiled once until every page is purged (a privacy restriction changes published()).
    return remember_site_wide("post-by-slug", _prepare_post_by_slug)


def _prepare_post_by_slug() -> PreparedLookup:
    posts = PostPage.objects.published().select_related(
        "author__photo", "category", "cover_image", "stats"
    )
    return PreparedLookup(posts, "slug")


def _listing(
    request,
    *,
    posts,
    heading,
    description="",
    kind,
    listing,
    subject_tags=(),
    subject=None,
    allow_empty=True,
    trail=None,
):
    """One page of ``posts`` as cards; with ``allow_empty=False``, none at all is a 404.

    ``listing`` names the list for the page cache (broadsheet.blog.cache_tags), and
    ``subject_tags`` what its heading shows (the author's name and bio, say).
    """
    page = paginate(request, posts.for_listing().with_comment_counts(), listing=listing)
    if not allow_empty and not page.paginator.count:
        raise Http404("No published post here.")
    depends_on(cache_tags.listing_page(listing, page.number), *subject_tags)
    meta = listing_meta(
        request,
        title=heading,
        description=description or heading,
        page_number=page.number,
        trail=trail,
    )
    return render(
        request,
        "blog/post_listing.html",
        {
            "posts": page,
            "heading": heading,
            "description": description,
            "kind": kind,
            "subject": subject,
            "seo": meta,
        },
    )


@public_cache
def author_posts(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    return _listing(
        request,
        posts=PostPage.objects.published().filter(author=author),
        heading=author.name,
        description=author.bio,
        kind="author",
        listing=cache_tags.author_listing(author.pk),
        subject_tags=(cache_tags.author(author.pk), cache_tags.author_about(author.pk)),
        subject=author,
    )


@public_cache
def category_posts(request, slug):
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request,
        posts=PostPage.objects.published().filter(category=category),
        heading=category.name,
        description=category.description,
        kind="category",
        listing=cache_tags.category_listing(category.pk),
        subject_tags=(cache_tags.category(category.pk), cache_tags.category_about(category.pk)),
        subject=category,
    )


@public_cache
def tag_posts(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    # Tags are made as editors type them: one only drafts carry would give their subject away.
    return _listing(
        request,
        posts=PostPage.objects.published().filter(tags=tag),
        heading=f"Tagged “{tag.name}”",
        description=_tag_description(tag),
        kind="tag",
        listing=cache_tags.tag_listing(tag.pk),
        subject_tags=(cache_tags.tag(tag.pk), cache_tags.tag_about(tag.pk)),
        subject=tag,
        allow_empty=False,
    )


def _tag_description(tag) -> str:
    described = TagDescription.objects.filter(tag=tag).values_list("description", flat=True)
    return described.first() or ""


@public_cache
def archive_index(request):
    """Every month with published posts, grouped by year, newest first."""
    months = PostPage.objects.archive_months()
    depends_on(cache_tags.whole_listing(cache_tags.ARCHIVE))
    years = [
        (year, list(in_year))
        for year, in_year in itertools.groupby(months, key=lambda m: m["month"].year)
    ]
    meta = PageMeta(
        title="Archive",
        description="Every post, month by month.",
        trail=(("Archive", request.path),),
    )
    return render(request, "blog/archive_index.html", {"years": years, "seo": meta})


@public_cache
def archive_month(request, year, month):
    try:
        posts = PostPage.objects.published().in_month(year, month)
    except ValueError as exc:
        raise Http404("No such month.") from exc
    name = format_date(dt.date(year, month, 1), "F Y")
    return _listing(
        request,
        posts=posts,
        heading=name,
        description=f"Posts published in {name}.",
        kind="month",
        listing=cache_tags.month_listing(year, month),
        allow_empty=False,
        trail=(("Archive", reverse("blog:archive")), (name, request.path)),
    )
