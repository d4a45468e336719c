"""A post's body as HTML that reads the same away from the site, in a feed reader."""

import re
from urllib.parse import urljoin

# Attributes of the HTML that the body's block templates and Wagtail's rich text
# write: always double-quoted, so a pattern is enough and no parser is needed.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolute_urls(markup: str, base_url: str) -> str:
    """``markup`` with every link and image address resolved against ``base_url``.

    Feed readers show content on their own pages, where "/media/x.png" or "#notes"
    would point at the reader, not at the post.
    """
    return _URL_ATTRIBUTE.sub(lambda m: m[1] + urljoin(base_url, m[2]) + m[3], markup)


def post_body_html(post, *, url: str, request=None) -> str:
    """The body rendered with its block templates, as the post page shows it."""
    context = {"request": request, "page": post}
    markup = "".join(block.render(context) for block in post.body)
    return absolute_urls(markup, url)
