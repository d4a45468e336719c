"""Reader views outside Wagtail's page tree: the post address, author, category and tag lists."""

from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from broadsheet.blog.models import Author, Category, PostPage, paginate
from broadsheet.core.caching import public_cache


def post_detail(request, slug):
    post = get_object_or_404(PostPage.objects.published(), slug=slug)
    return post.serve(request)


def _listing(request, *, posts, heading, description="", kind, subject=None):
    return render(
        request,
        "blog/post_listing.html",
        {
            "posts": paginate(request, posts.for_listing()),
            "heading": heading,
            "description": description,
            "kind": kind,
            "subject": subject,
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
        subject=category,
    )


@public_cache
def tag_posts(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(
        request,
        posts=PostPage.objects.published().filter(tags=tag),
        heading=f"Tagged “{tag.name}”",
        kind="tag",
        subject=tag,
    )
