"""Embedded content in a source's HTML (players, posts, maps), found before the HTML is cleaned.

The sanitiser removes every ``<iframe>``, ``<script>`` and ``<object>``: none may run
here. What they showed is kept as an embed block, a card linking to it, so each is found
in the raw HTML first and replaced by a marker paragraph that the sanitiser keeps and the
block builder turns into the card:

- ``<iframe src>``, ``<embed src>``, ``<object data>``, ``<video>`` and ``<audio>``: the
  player's address, turned into the content's (``youtube.com/embed/ID`` → ``watch?v=ID``);
- the blockquotes X (Twitter), Instagram and TikTok ask sites to paste, with their text
  kept as the card's caption;
- WordPress's embed blocks and ``[embed]`` shortcodes (a URL alone in a wrapper), and
  Ghost's embed and bookmark cards, with their captions.

Whatever else is dropped (a script that is not an embed's, a form) is listed in
``notes``, so the import can say so on the post.
"""

import re
import secrets
from dataclasses import dataclass, field
from html import escape

from bs4 import BeautifulSoup, NavigableString, Tag

from broadsheet.core.embeds import content_url
from broadsheet.importers.soup import attribute

# Only HTML that holds one of these is parsed for embeds: most bodies do not.
_HINT = re.compile(
    r"<(?:iframe|embed|object|video|audio|script|form)\b"
    r"|twitter-tweet|instagram-media|tiktok-embed|wp-block-embed|kg-embed-card|kg-bookmark-card",
    re.IGNORECASE,
)
_URL = re.compile(r"^https?://\S+$")
_EMBED_QUOTES = {
    "twitter-tweet": "X (Twitter) post",
    "instagram-media": "Instagram post",
    "tiktok-embed": "TikTok video",
}
# Scripts an embed asks sites to load; the card stands in for what they drew.
_EMBED_SCRIPTS = re.compile(
    r"platform\.twitter\.com|instagram\.com/embed|tiktok\.com/embed|embedr\.flickr\.com"
    r"|connect\.facebook\.net|s\.imgur\.com|assets\.pinterest\.com|embed\.redditmedia\.com"
    r"|public\.flourish\.studio|datawrapper\.dwcdn\.net|bsky\.app|threads\.net",
    re.IGNORECASE,
)
_MEDIA_TAGS = ("iframe", "embed", "object", "video", "audio")
_TITLE_LENGTH = 250
_CAPTION_LENGTH = 1000


@dataclass(frozen=True)
class Embed:
    url: str
    title: str = ""
    caption: str = ""


@dataclass
class ExtractedEmbeds:
    """The HTML with each embed replaced by a marker, and the embeds by marker."""

    html: str
    embeds: dict[str, Embed] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def embed_for(self, text: str) -> Embed | None:
        """The embed a paragraph stands for, when its whole text is a marker."""
        return self.embeds.get(text.strip()) if self.embeds else None

    def markers_replaced(self, html: str) -> str:
        """``html`` with each marker left inside other markup (a list, a table) made a link."""
        for marker, embed in self.embeds.items():
            if marker in html:
                link = f'<a href="{escape(embed.url)}">{escape(embed.title or embed.url)}</a>'
                html = html.replace(marker, link)
        return html


def embeds_extracted(html: str) -> ExtractedEmbeds:
    """``html`` with its embeds set aside; most HTML comes back as it is."""
    if not _HINT.search(html):
        return ExtractedEmbeds(html=html)
    soup = BeautifulSoup(html, "html.parser")
    extractor = _Extractor(soup)
    extractor.run()
    if not extractor.changed:
        return ExtractedEmbeds(html=html, notes=extractor.notes())
    return ExtractedEmbeds(html=str(soup), embeds=extractor.embeds, notes=extractor.notes())


class _Extractor:
    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.embeds: dict[str, Embed] = {}
        self.changed = False
        # Markers name this body alone: text in the source cannot pass for one.
        self._nonce = secrets.token_hex(8)
        self._dropped: dict[str, int] = {}

    def run(self) -> None:
        for figure in self.soup.select(".wp-block-embed, .kg-embed-card, .kg-bookmark-card"):
            if figure.parent is not None:
                self._figure(figure)
        for quote in self.soup.find_all("blockquote"):
            if _quote_kind(quote) and quote.parent is not None:
                self._quote(quote)
        for element in self.soup.find_all(_MEDIA_TAGS):
            if element.parent is not None:
                self._media(element)
        for script in self.soup.find_all("script"):
            if not _EMBED_SCRIPTS.search(attribute(script, "src")):
                self._dropped_count("script")
            script.decompose()
            self.changed = True
        for form in self.soup.find_all("form"):
            self._dropped_count("form")
            form.unwrap()
            self.changed = True

    def notes(self) -> list[str]:
        if not self._dropped:
            return []
        listed = ", ".join(
            f"{count} {name}{'s' if count > 1 else ''}" for name, count in self._dropped.items()
        )
        return [f"left out what this site never runs or shows: {listed}"]

    def _figure(self, figure: Tag) -> None:
        caption_tag = figure.find("figcaption")
        caption = _text(caption_tag) if caption_tag else ""
        if "kg-bookmark-card" in (figure.get("class") or ()):
            link = figure.find("a", href=True)
            title = figure.select_one(".kg-bookmark-title")
            description = figure.select_one(".kg-bookmark-description")
            if link is not None and _URL.match(attribute(link, "href").strip()):
                self._replace(
                    figure,
                    Embed(
                        url=attribute(link, "href").strip(),
                        title=_text(title) if title else "",
                        caption=caption or (_text(description) if description else ""),
                    ),
                )
            return
        inner = figure.find(["iframe", "embed", "object", "video", "audio", "blockquote"])
        if inner is None:
            # WordPress's embed block: the address alone in its wrapper.
            wrapper = figure.select_one(".wp-block-embed__wrapper") or figure
            text = _text(wrapper) if wrapper is not figure else _text(figure).removesuffix(caption)
            url = text.strip()
            if _URL.match(url):
                self._replace(figure, Embed(url=content_url(url), caption=caption))
            return
        embed = self._embed_of(inner)
        if embed is not None:
            self._replace(figure, Embed(embed.url, embed.title, caption or embed.caption))

    def _quote(self, quote: Tag) -> None:
        embed = self._embed_of(quote)
        if embed is not None:
            self._replace(quote, embed)

    def _media(self, element: Tag) -> None:
        embed = self._embed_of(element)
        if embed is None:
            self._dropped_count(element.name)
            self._keep_children_in_place_of(element)
            return
        figure = element.parent
        if figure is not None and figure.name == "figure" and _alone_with_caption(element):
            # Medium's and many themes' way: the player and its caption in a figure.
            caption_tag = figure.find("figcaption")
            caption = _text(caption_tag) if caption_tag is not None else ""
            self._keep_children_in_place_of(element)
            self._replace(figure, Embed(embed.url, embed.title, caption))
            return
        self._replace(element, embed)

    def _embed_of(self, element: Tag) -> Embed | None:
        if element.name == "blockquote":
            # The post's own address: Instagram's permalink, TikTok's cite, else the
            # last link, which X (Twitter) makes the post's date.
            url = attribute(element, "data-instgrm-permalink") or attribute(element, "cite")
            if not url:
                links = [attribute(a, "href") for a in element.find_all("a", href=True)]
                url = links[-1] if links else ""
            url = url.strip()
            # The post's words and who wrote them when: what a reader saw of it.
            return Embed(url, _quote_kind(element), _text(element)) if _URL.match(url) else None
        source = element.find("source") if element.name in ("video", "audio") else None
        url = (
            attribute(element, "src")
            or attribute(element, "data")
            or attribute(element, "data-src")
            or (attribute(source, "src") if source is not None else "")
        ).strip()
        if url.startswith("//"):
            url = "https:" + url
        if not _URL.match(url):
            return None
        return Embed(url=content_url(url), title=attribute(element, "title")[:_TITLE_LENGTH])

    def _replace(self, element: Tag, embed: Embed) -> None:
        marker = f"broadsheet-embed-{self._nonce}-{len(self.embeds)}-end"
        self.embeds[marker] = Embed(
            url=embed.url,
            title=embed.title[:_TITLE_LENGTH],
            caption=embed.caption[:_CAPTION_LENGTH],
        )
        paragraph = self.soup.new_tag("p")
        paragraph.string = marker
        # What a player element held is its fallback, or, when the source forgot to close
        # it, the rest of the post: either way the reader's text, kept after the card.
        if element.name in _MEDIA_TAGS:
            self._keep_children_in_place_of(element, before=paragraph)
        else:
            element.replace_with(paragraph)
        self.changed = True

    def _keep_children_in_place_of(self, element: Tag, *, before: Tag | None = None) -> None:
        for child in list(element.children):
            if isinstance(child, Tag) and child.name in ("source", "track", "param"):
                child.decompose()
        if before is not None:
            element.insert_before(before)
        element.unwrap()
        self.changed = True

    def _dropped_count(self, name: str) -> None:
        self._dropped[name] = self._dropped.get(name, 0) + 1


def _alone_with_caption(element: Tag) -> bool:
    """Whether ``element``'s siblings are only a caption and blank text."""
    siblings = element.parent.children if element.parent is not None else ()
    for sibling in siblings:
        if sibling is element or (isinstance(sibling, NavigableString) and not sibling.strip()):
            continue
        if not (isinstance(sibling, Tag) and sibling.name == "figcaption"):
            return False
    return True


def _quote_kind(quote: Tag) -> str:
    """What an embed's blockquote shows ("X (Twitter) post"), "" for a plain quote."""
    classes = set(quote.get("class") or ())
    return next((kind for name, kind in _EMBED_QUOTES.items() if name in classes), "")


def _text(element: Tag | NavigableString) -> str:
    return " ".join(element.get_text(" ").split())
