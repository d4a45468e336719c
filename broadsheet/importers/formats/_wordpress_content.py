"""A WordPress post's stored content as the HTML WordPress would show for it.

WordPress keeps posts half-made and finishes them at each page view: block-editor
posts are HTML between ``<!-- wp:... -->`` comments; classic-editor posts lack their
``<p>`` tags; both may hold shortcodes. This does the finishing that decides what a
reader sees: block comments go (their HTML stays), classic posts get their
paragraphs, and the common shortcodes become HTML. A block-editor post gets no
paragraphs added, as in WordPress, which stops ``wpautop`` once a post has blocks.
"""

import html
import re
from collections.abc import Callable, Sequence

from broadsheet.core.embeds import embed_provider_known
from broadsheet.importers.formats._wpautop import wpautop
from broadsheet.importers.records import ImageRecord

# The images of a [gallery]: those with the attachment ids given, or with none given,
# the images attached to the post.
type GalleryImages = Callable[[Sequence[str]], Sequence[ImageRecord]]

_BLOCK_DELIMITER = "<!-- wp:"
# Block delimiters and the <!--more--> and <!--nextpage--> markers. Block attributes
# are JSON with "--" escaped, so a delimiter never holds "-->" before its end.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# The shortcodes WordPress itself registers for content, and "[[gallery]]", WordPress's
# way to write one as text, left alone. Others stay as text, as they would on a
# WordPress site without the plugin that defined them.
_SHORTCODE = re.compile(
    r"(?<!\[)\[(?P<name>caption|wp_caption|gallery|embed|audio|video)\b(?P<attributes>[^\]]*)\]"
    r"(?:(?P<content>.*?)\[/(?P=name)\])?",
    re.DOTALL,
)
_SHORTCODE_PLACEHOLDER = "<div wp-shortcode-{}></div>"
_ATTRIBUTE = re.compile(
    r"""(?P<name>[\w-]+)\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s'"]+))"""
    r"""|"(?P<quoted>[^"]*)"|(?P<word>\S+)"""
)
_CAPTIONED_IMAGE = re.compile(
    r"^\s*(?P<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>\s*(?:</a>)?)(?P<caption>.*)$", re.DOTALL
)
# A URL alone in a paragraph, as WordPress auto-embeds it.
_BARE_URL = re.compile(r"(<(?P<tag>p|div)\b[^>]*>)\s*(https?://[^\s<>\"]+)\s*(</(?P=tag)>)")


def body_html(content: str, *, gallery_images: GalleryImages) -> str:
    """The HTML a reader of the post saw, from its stored ``content``."""
    has_blocks = _BLOCK_DELIMITER in content
    text = _COMMENT.sub("", content)
    # Each shortcode's HTML waits behind an empty block while paragraphs are made, as
    # WordPress runs shortcodes after wpautop: a caption's figure gets no <p> inside.
    shortcodes: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        shortcodes.append(_shortcode_html(match, gallery_images))
        return _SHORTCODE_PLACEHOLDER.format(len(shortcodes) - 1)

    text = _SHORTCODE.sub(set_aside, text)
    if not has_blocks:
        text = wpautop(text)
    for index, shortcode in enumerate(shortcodes):
        text = text.replace(_SHORTCODE_PLACEHOLDER.format(index), shortcode)
    return _BARE_URL.sub(_bare_url_html, text).strip()


def _bare_url_html(match: re.Match[str]) -> str:
    """A URL alone on its line: WordPress embeds it when it names a service it knows
    (a video, a post), and shows it as text otherwise; here, an embed card or a link."""
    url = match[3]
    if embed_provider_known(url):
        return _embed_html(url)
    return f'{match[1]}<a href="{html.escape(url)}">{html.escape(url)}</a>{match[4]}'


def _embed_html(url: str) -> str:
    return (
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        f"{html.escape(url)}</div></figure>"
    )


def _shortcode_html(match: re.Match[str], gallery_images: GalleryImages) -> str:
    name = match["name"]
    attributes = _attributes(match["attributes"])
    content = match["content"] or ""
    if name in ("caption", "wp_caption"):
        return _caption_html(content, attributes.get("caption", ""))
    if name == "gallery":
        ids = attributes.get("ids") or attributes.get("include") or ""
        images = gallery_images([id_ for id_ in re.split(r"[\s,]+", ids) if id_])
        return "".join(_figure_html(image) for image in images)
    # [embed], [audio] and [video]: written as WordPress's embed block, which the
    # importer turns into an embed card (a player would break the site's CSP).
    url = next((value for value in (*attributes.values(), content.strip()) if _is_url(value)), "")
    return _embed_html(url) if url else ""


def _attributes(text: str) -> dict[str, str]:
    """Shortcode attributes by name; values without a name are keyed by position."""
    attributes: dict[str, str] = {}
    for position, match in enumerate(_ATTRIBUTE.finditer(text)):
        if match["name"]:
            value = next(
                v for v in (match["double"], match["single"], match["bare"]) if v is not None
            )
            attributes[match["name"].lower()] = value
        else:
            attributes[str(position)] = (
                match["quoted"] if match["quoted"] is not None else match["word"]
            )
    return attributes


def _caption_html(content: str, caption_attribute: str) -> str:
    """[caption] around an image (linked or not) and its caption text, as a figure."""
    match = _CAPTIONED_IMAGE.match(content)
    if match is None:
        return content
    caption = caption_attribute or match["caption"].strip()
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{match['image'].strip()}{figcaption}</figure>"


def _figure_html(image: ImageRecord) -> str:
    alt = html.escape(image.alt)
    figcaption = f"<figcaption>{html.escape(image.caption)}</figcaption>" if image.caption else ""
    return f'<figure><img src="{html.escape(image.url)}" alt="{alt}">{figcaption}</figure>'


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))
