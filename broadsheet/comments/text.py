"""Comment text as readers see it: escaped, with links and line breaks."""

import re
from functools import lru_cache

from django.utils.html import urlize
from django.utils.safestring import mark_safe

LINK_REL = "nofollow ugc noopener"

# A blank line, whatever the line endings and stray spaces, starts a new paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


# Pure, and the costliest part of showing a thread (urlize reads every word): a post page
# rendered again shows the same comments, so each text is turned into HTML once a process.
@lru_cache(maxsize=4096)
def render_comment_body(text: str):
    """Plain text to safe HTML: everything escaped, bare URLs linked, line breaks kept."""
    # With autoescape, urlize escapes everything and the only tags left are its links.
    linked = urlize(text, trim_url_limit=60, nofollow=False, autoescape=True)
    linked = linked.replace("<a href=", f'<a rel="{LINK_REL}" href=')
    linked = linked.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (p.strip().replace("\n", "<br>") for p in _PARAGRAPH_BREAK.split(linked))
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs if p))  # noqa: S308 -- escaped by urlize
