"""The corrections feed: each correction as an item, newest first, in RSS 2.0 or Atom."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape, format_html

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.core.caching import set_public_cache
from broadsheet.core.sites import site_name_for
from broadsheet.corrections import cache_tags
from broadsheet.corrections.models import Correction
from broadsheet.feeds.generators import RssFeed
from broadsheet.pagecache.dependencies import depends_on

FEED_LENGTH = 20


class CorrectionsFeed(Feed):
    feed_type = RssFeed
    item_guid_is_permalink = False

    @classmethod
    def as_view(cls, *, feed_type=RssFeed):
        # A new feed per request: items need the request for absolute links (feeds.feeds).
        def view(request):
            feed = cls()
            feed.feed_type = feed_type
            feed.request = request
            return set_public_cache(feed(request))

        return view

    def items(self):
        corrections = Correction.objects.shown().filter(kind=Correction.Kind.CORRECTION)
        items = list(corrections.select_related("post")[:FEED_LENGTH])
        depends_on(cache_tags.CORRECTIONS)
        depends_on(*(blog_cache_tags.post(item.post_id) for item in items))
        return items

    def title(self):
        return f"Corrections · {site_name_for(self.request)}"

    def link(self):
        return reverse("corrections:list")

    def description(self):
        return f"Every correction to the posts of {site_name_for(self.request)}, newest first."

    def item_title(self, correction):
        # Plain text: the generators escape it as each format needs.
        return f"Correction to “{correction.post.title}”"

    def item_link(self, correction):
        if correction.has_changes:
            url = reverse("corrections:changes", args=[correction.pk])
        else:
            url = f"{correction.post.url}#post-notes-heading"
        return self.request.build_absolute_uri(url)

    def item_guid(self, correction):
        return f"urn:uuid:{correction.post.translation_key}:correction:{correction.pk}"

    def item_description(self, correction):
        return escape(correction.note)

    def item_pubdate(self, correction):
        return correction.published_at

    def item_extra_kwargs(self, correction):
        post_url = self.request.build_absolute_uri(correction.post.url)
        content = format_html(
            '<p>{}</p><p>In <a href="{}">{}</a>.</p>',
            correction.note,
            post_url,
            correction.post.title,
        )
        return {"content": content}
