"""The feeds: one base feed of the latest published posts, narrowed per category, tag, author.

Every feed comes as RSS 2.0 and as Atom, chosen by ``as_view(feed_type=...)``.
"""

import mimetypes

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.functional import cached_property
from django.utils.html import escape
from taggit.models import Tag

from broadsheet.blog import cache_tags
from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.core.caching import set_public_cache
from broadsheet.core.sites import site_name_for
from broadsheet.feeds.content import post_body_html
from broadsheet.feeds.generators import RssFeed
from broadsheet.pagecache.dependencies import depends_on

FEED_LENGTH = 20
# The size the post page shows its cover at, so the file usually exists already.
COVER_RENDITION = "width-1200"


class LatestPostsFeed(Feed):
    """The latest published posts of the whole site, newest first."""

    feed_type = RssFeed
    item_guid_is_permalink = False

    @classmethod
    def as_view(cls, *, feed_type=RssFeed):
        """A view that makes a new feed for each request.

        Item methods receive only the item, yet links, content and enclosures need the
        request for absolute URLs; a feed shared between threads must not hold one.
        """

        def view(request, *args, **kwargs):
            feed = cls()
            feed.feed_type = feed_type
            feed.request = request
            return set_public_cache(feed(request, *args, **kwargs))

        return view

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    @cached_property
    def site_name(self):
        return site_name_for(self.request)

    def posts(self, subject):
        """The posts this feed follows; subclasses narrow them to their subject."""
        return PostPage.objects.published()

    def listing(self, subject) -> str:
        """The list this feed follows, as the page cache names it (blog.cache_tags)."""
        return cache_tags.ALL

    def subject_tags(self, subject) -> tuple[str, ...]:
        """What the channel's title and description show of the subject."""
        return ()

    def items(self, subject):
        items = list(self.posts(subject).for_listing().prefetch_related("tags")[:FEED_LENGTH])
        depends_on(cache_tags.listing_feed(self.listing(subject)))
        depends_on(*self.subject_tags(subject))
        for post in items:
            cache_tags.declare_post_shown(post, byline=True, filing=True)
        return items

    def title(self, subject):
        return self.site_name

    def link(self, subject):
        return "/"

    def description(self, subject):
        return f"The latest posts from {self.site_name}."

    def subtitle(self, subject):
        # Atom's <subtitle>, a text construct: the same words as RSS's <description>.
        return self.description(subject)

    def author_name(self, subject):
        # Atom wants an author for every entry; the site signs for posts without one.
        return self.site_name

    def item_title(self, post):
        # Plain text: the generators escape it as each format needs.
        return post.title

    def item_link(self, post):
        return self.absolute(post.url)

    def item_guid(self, post):
        # A page's own UUID: it survives a new title, slug or domain, so readers
        # never see an edited post twice.
        return f"urn:uuid:{post.translation_key}"

    def item_description(self, post):
        # The excerpt is plain text; both formats read the summary as HTML.
        return escape(post.listing_excerpt)

    def item_author_name(self, post):
        return post.author.name if post.author else None

    def item_author_link(self, post):
        return self.absolute(post.author.get_absolute_url())

    def item_categories(self, post):
        category = [post.category.name] if post.category else []
        return category + [tag.name for tag in post.tags.all()]

    def item_pubdate(self, post):
        return post.date

    def item_updateddate(self, post):
        return post.last_published_at

    def item_enclosures(self, post):
        if post.cover_image is None:
            return []
        rendition = post.cover_image.get_rendition(COVER_RENDITION)
        mime_type, _ = mimetypes.guess_type(rendition.file.name)
        return [Enclosure(self.absolute(rendition.url), str(rendition.file.size), mime_type)]

    def item_extra_kwargs(self, post):
        url = self.item_link(post)
        return {"content": post_body_html(post, url=url, request=self.request)}


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def posts(self, category):
        return super().posts(category).filter(category=category)

    def listing(self, category):
        return cache_tags.category_listing(category.pk)

    def subject_tags(self, category):
        return cache_tags.category(category.pk), cache_tags.category_about(category.pk)

    def title(self, category):
        return f"{category.name} · {self.site_name}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"The latest posts filed under {category.name}."


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        # As on the tag's listing: a tag that only drafts carry would give their subject away.
        published_tags = PostPage.objects.published().values("tags")
        return get_object_or_404(Tag, slug=slug, pk__in=published_tags)

    def posts(self, tag):
        return super().posts(tag).filter(tags=tag)

    def listing(self, tag):
        return cache_tags.tag_listing(tag.pk)

    def subject_tags(self, tag):
        # Its description is written here, not taken from the tag's TagDescription.
        return (cache_tags.tag(tag.pk),)

    def title(self, tag):
        return f"Tagged “{tag.name}” · {self.site_name}"

    def link(self, tag):
        return reverse("blog:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return f"The latest posts tagged “{tag.name}”."


class AuthorFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def posts(self, author):
        return super().posts(author).filter(author=author)

    def listing(self, author):
        return cache_tags.author_listing(author.pk)

    def subject_tags(self, author):
        return cache_tags.author(author.pk), cache_tags.author_about(author.pk)

    def title(self, author):
        return f"{author.name} · {self.site_name}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return author.bio or f"The latest posts by {author.name}."

    def author_name(self, author):
        return author.name

    def author_link(self, author):
        return self.absolute(author.get_absolute_url())
