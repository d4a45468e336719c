from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from broadsheet.blog.cache_tags import page as page_tag
from broadsheet.core.blocks import BodyBlock
from broadsheet.core.caching import set_public_cache
from broadsheet.pagecache.dependencies import depends_on


class StandardPage(Page):
    """A page of its own under the home page, at /<slug>/: About, Contact, Masthead."""

    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The page's content: paragraphs, headings, quotes, images, tables.",
    )
    # Where an imported page came from, so that importing again updates it.
    source_id = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The page's identity in the archive it was imported from.",
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["blog.HomePage"]
    subpage_types: list[str] = []

    def serve(self, request, *args, **kwargs):
        depends_on(page_tag(self.pk))
        return set_public_cache(super().serve(request, *args, **kwargs))
