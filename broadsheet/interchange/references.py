"""How a body refers to pictures and pages, rewritten between one site's ids and another's.

A body's stream names each picture and each linked page by its primary key, which means
nothing on another site. An export names them by ids that travel (a picture by the hash
of its file, a page by its translation key); an import turns those back into its own
keys. Both rewrite the same places, found from the blocks' definitions rather than
from what a body happens to hold: every image chooser in the stream, and every link to
a page in its rich text (``<a linktype="page" id="12">``).
"""

from collections.abc import Callable
from typing import Any

from django.utils.html import escape
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

# Each maps an id to the other side's id for the same thing, or None when it has none.
type IdMap = Callable[[Any], Any]


def stream_rewritten(
    stream_block: blocks.StreamBlock, raw: list[dict], *, images: IdMap, pages: IdMap
) -> list[dict]:
    """A copy of the raw stream ``raw`` with each picture and linked page given its other id.

    A picture with no counterpart is left empty; a link to a page with none keeps its words
    and loses its target, as Wagtail shows a link to a deleted page.
    """
    return _value(stream_block, raw, images, pages)


def stream_page_ids(stream_block: blocks.StreamBlock, raw: list[dict]) -> set[str]:
    """The ids of every page a raw stream's rich text links to."""
    found: set[str] = set()

    def collect(page_id):
        found.add(page_id)
        return page_id

    _value(stream_block, raw, lambda image_id: image_id, collect)
    return found


def _value(block: blocks.Block, value: Any, images: IdMap, pages: IdMap) -> Any:
    # Only the kinds of block a body is built from: a ListBlock holding pictures would
    # need its own case here.
    if isinstance(block, ImageChooserBlock):
        return images(value) if value is not None else None
    if isinstance(block, blocks.RichTextBlock):
        return _rich_text(value, pages)
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        return {
            name: _value(block.child_blocks[name], child, images, pages)
            if name in block.child_blocks
            else child
            for name, child in value.items()
        }
    if isinstance(block, blocks.StreamBlock) and isinstance(value, list):
        return [
            {
                **item,
                "value": _value(block.child_blocks[item["type"]], item["value"], images, pages),
            }
            if item.get("type") in block.child_blocks
            else item
            for item in value
        ]
    return value


def _rich_text(html: Any, pages: IdMap) -> Any:
    if not isinstance(html, str):
        return html

    def rewritten(match) -> str:
        attributes = extract_attrs(match.group(1))
        if attributes.get("linktype") != "page":
            return match.group(0)
        other = pages(attributes.get("id"))
        if other is None:
            return "<a>"
        attributes["id"] = str(other)
        return "<a " + " ".join(f'{name}="{escape(v)}"' for name, v in attributes.items()) + ">"

    return FIND_A_TAG.sub(rewritten, html)
