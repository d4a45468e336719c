"""The one HTML sanitiser: what imported or pasted HTML may keep, and nothing more.

Built on nh3 (Rust's ammonia). Script, style, event attributes and
``javascript:``, ``data:`` and other unlisted URL schemes never survive; figures,
captions, tables and code do.
Third-party iframes are not kept: the site's CSP forbids them, and an embed is
better shown as a link to where it lives.
"""

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "picture", "pre", "q", "s", "samp", "small", "source", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading"},
    "ol": {"start", "reversed"},
    "q": {"cite"},
    "source": {"srcset", "type", "media", "sizes"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "time": {"datetime"},
    "*": {"lang", "dir"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Removed with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed"}

LINK_REL = "noopener noreferrer nofollow"

# ammonia checks the schemes of href and src, but passes srcset and cite through as
# they are; those are checked here.
_UNCHECKED_URL_ATTRIBUTES = {"srcset", "cite"}
# How a browser reads a URL's scheme: tabs and line breaks anywhere are ignored, and
# so are control characters and spaces at either end.
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_C0_CONTROLS_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
# A srcset is URLs and their size descriptors, separated by commas and spaces.
_SRCSET_SEPARATOR = re.compile(r"[\s,]+")
# Enough for any input seen so far (two passes settle it); a bound all the same.
_MAX_PASSES = 4


def sanitize_html(html: str) -> str:
    """Safe HTML from untrusted HTML. Applying it twice changes nothing more.

    Removing a tag keeps its content where it was, which can leave markup an HTML
    parser reads another way: "<p><button><h2>" loses the button and becomes a heading
    inside a paragraph, which the next reading splits into "<p></p><h2>". So the HTML
    is cleaned again until a pass changes nothing.
    """
    cleaned = _clean(html or "")
    for _ in range(_MAX_PASSES):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_url_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _url_scheme_allowed(url: str) -> bool:
    """Whether ``url`` is relative or has one of the URL_SCHEMES, read as a browser reads it."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url).strip(_C0_CONTROLS_AND_SPACE))
    return match is None or match[1].lower() in URL_SCHEMES


def _url_attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in _UNCHECKED_URL_ATTRIBUTES:
        return value
    urls = _SRCSET_SEPARATOR.split(value) if attribute == "srcset" else [value]
    return value if all(_url_scheme_allowed(url) for url in urls) else None
