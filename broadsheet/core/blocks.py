"""StreamField blocks shared by every page type that has a body."""

from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from broadsheet.core.embeds import embed_provider
from broadsheet.core.sanitize import sanitize_html

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="The heading's words.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)"), ("h4", "Minor (H4)")],
        default="h2",
        help_text="H2 for a section, H3 within a section. The title is the page's only H1.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The quoted words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=200, help_text="Who said or wrote it (optional)."
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="The picture.")
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="What the picture shows, for readers who cannot see it. Required.",
    )
    caption = blocks.CharBlock(
        required=False, max_length=300, help_text="Shown under the picture (optional)."
    )
    credit = blocks.CharBlock(
        required=False, max_length=120, help_text="Photographer or source (optional)."
    )

    class Meta:
        icon = "image"
        template = "blocks/captioned_image.html"


class EmbedBlock(blocks.StructBlock):
    """A video, post, track or map that lives on another site, shown as a card linking to it.

    Nothing is loaded from the other site: no player, no script, no tracking of readers.
    """

    url = blocks.URLBlock(
        max_length=1000,
        help_text="The address of the video, post, track or map, as you would share it.",
    )
    title = blocks.CharBlock(
        required=False, max_length=250, help_text="What it is, shown on the card (optional)."
    )
    caption = blocks.CharBlock(
        required=False, max_length=1000, help_text="Shown under the card (optional)."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["provider"] = embed_provider(value["url"])
        return context

    class Meta:
        icon = "media"
        label = "Embed (video, post, map)"
        template = "blocks/embed.html"


class SanitisedHTMLBlock(blocks.RawHTMLBlock):
    """HTML that has no block of its own (tables, code, definition lists), mostly from imports.

    Sanitised when saved and again when shown, so nothing stored by any path can run
    script in a reader's browser.
    """

    def get_prep_value(self, value):
        return sanitize_html(str(value or ""))

    def render_basic(self, value, context=None):
        return mark_safe(sanitize_html(str(value or "")))  # noqa: S308 -- just sanitised by nh3

    class Meta:
        icon = "code"
        label = "HTML (tables, code)"
        help_text = "Kept as written, minus anything unsafe: scripts and styles are removed."


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/paragraph.html")
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    embed = EmbedBlock()
    html = SanitisedHTMLBlock()
