"""The sitemap's sections: site pages, posts, the category, tag and author listings, and
the stories' timelines.

Posts are a queryset that Django's sitemap paginates, so a page of the sitemap costs one
query however large the archive grows; listings are read whole, in one grouped query
(a site has thousands of them at most, against its hundreds of thousands of posts).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Model
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

    @cached_property
    def _newest_post_at(self) -> dict:
        """Each subject's newest publication, in one grouped read. Asked per subject, the
        newest post of a tag on half of 100,000 posts took SQLite seconds per sitemap."""
        assert self.post_field is not None
        grouped = (
            PostPage.objects.published()
            .filter(**{f"{self.post_field}__isnull": False})
            .order_by()
            .values_list(self.post_field)
            .annotate(newest=Max("last_published_at"))
        )
        return {subject: newest for subject, newest in grouped if newest is not None}

    def items(self):
        assert self.model is not None
        newest = self._newest_post_at
        subjects = list(self.model.objects.filter(pk__in=list(newest)).order_by("pk"))
        for subject in subjects:
            subject.newest_post_at = newest[subject.pk]
        return subjects

    def lastmod(self, subject):
        return subject.newest_post_at

    def get_latest_lastmod(self):
        return max(self._newest_post_at.values(), default=None)


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
