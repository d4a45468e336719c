"""RSS and Atom writers that carry each post's full content, not only its excerpt."""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full post in ``content:encoded``, from the RSS content module."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE}

    def add_root_elements(self, handler):
        # The channel's title and description are read as HTML too, like an item's title:
        # an author's name or bio, a category's name or description, is plain text and
        # is escaped once more to be shown as written (and never run as markup).
        plain = self.feed
        self.feed = {
            **plain,
            "title": escape(plain["title"]),
            "description": escape(plain["description"]),
        }
        try:
            super().add_root_elements(handler)
        finally:
            self.feed = plain

    def add_item_elements(self, handler, item):
        # Readers take an RSS title as HTML (Django ticket #6533), so a plain-text
        # title is escaped once more to show "Q&A: <b> tags" as written. Atom needs
        # no such thing: its titles are declared text.
        super().add_item_elements(handler, {**item, "title": escape(item["title"])})
        handler.addQuickElement("content:encoded", item["content"])


class AtomFeed(Atom1Feed):
    """Atom with the full post as ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})
