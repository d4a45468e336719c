"""The sitemap's sections: site pages, posts, the category, tag and author listings, and
the stories' timelines.

Each section is a queryset that Django's sitemap paginates, so a page of the sitemap
costs one query however large the archive grows.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Model, OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag
from wagtail.models import Page

from broadsheet.blog.models import Author, BlogIndexPage, Category, HomePage, PostPage
from broadsheet.stories.models import Story

# Well under the protocol's 50,000 URLs and 50 MB, so a page renders quickly.
URLS_PER_PAGE = 5000


def page_path(page):
    """The page's path on its site; the sitemap view adds the requested domain."""
    _, _, path = page.get_url_parts()
    return path


class PostSitemap(Sitemap):
    limit = URLS_PER_PAGE

    def items(self):
        # Bodies can be long and the sitemap never reads them.
        return PostPage.objects.published().defer("body").order_by("-date", "-pk")

    def location(self, post):
        return page_path(post)

    def lastmod(self, post):
        return post.last_published_at

    def get_latest_lastmod(self):
        # Django's default reads every item; the index asks for this on each request.
        return PostPage.objects.published().aggregate(latest=Max("last_published_at"))["latest"]


class SitePageSitemap(Sitemap):
    """The home page and the blog index: they change whenever a post is published."""

    limit = URLS_PER_PAGE

    def items(self):
        return Page.objects.live().public().type(HomePage, BlogIndexPage).order_by("path")

    def location(self, page):
        return page_path(page)

    @cached_property
    def newest_post_at(self):
        return PostSitemap().get_latest_lastmod()

    def lastmod(self, page):
        # A page made by a migration or a command may never have been published.
        dates = [page.last_published_at, self.newest_post_at]
        return max((d for d in dates if d is not None), default=None)


class ListingSitemap(Sitemap):
    """Listings of one kind that have published posts, each as fresh as its newest post."""

    limit = URLS_PER_PAGE
    model: type[Model] | None = None
    post_field: str | None = None  # The PostPage field that points at a listing's subject.

    def items(self):
        newest = (
            PostPage.objects.published()
            .filter(**{self.post_field: OuterRef("pk")})
            .order_by("-last_published_at")
            .values("last_published_at")[:1]
        )
        return (
            self.model.objects.annotate(newest_post_at=Subquery(newest))
            .filter(newest_post_at__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, subject):
        return subject.newest_post_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("newest_post_at"))["latest"]


class CategorySitemap(ListingSitemap):
    model = Category
    post_field = "category"


class AuthorSitemap(ListingSitemap):
    model = Author
    post_field = "author"


class TagSitemap(ListingSitemap):
    model = Tag
    post_field = "tags"

    def location(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})


class StorySitemap(ListingSitemap):
    model = Story
    post_field = "story_memberships__story"


SECTIONS = {
    "pages": SitePageSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "stories": StorySitemap,
}
