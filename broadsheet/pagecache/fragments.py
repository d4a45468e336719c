"""Parts of pages kept on their own, so a page rendered again reuses what did not change.

When a new post is published, every post page is thrown away, because each one's
Recent Posts box changed; their articles did not. ``{% fragment "name" id %}...
{% endfragment %}`` keeps what it encloses in the page store, under the tags declared
while it rendered, and hands those tags on to the page around it each time it is reused;
so a purge of ``post:12`` throws away that post's fragments as exactly as its pages.

Fragments are used only while rendering a page the cache may keep (a plain GET): an
answer meant for one reader (a form shown again with its errors, ``?reply=``) renders
everything afresh.
"""

import time

from django.conf import settings

from broadsheet.core import memo
from broadsheet.pagecache import dependencies
from broadsheet.pagecache.entries import Entry
from broadsheet.pagecache.keys import PageKey, key_for_environ
from broadsheet.pagecache.stores import page_store

TAGS_HEADER = "X-Fragment-Tags"


def fragment_key(request, name: str, ids) -> PageKey | None:
    """Where a fragment of this request's page is kept, or None if it must not be used."""
    if memo.current_generation.get() is None or not settings.PAGECACHE.get("ENABLED", True):
        return None
    page = key_for_environ(request.META)
    if page is None:
        return None
    # Per scheme and host, as absolute addresses inside it are.
    path = "/".join([page.scheme, name, *(str(i) for i in ids)])
    return PageKey(scheme="fragment", host=page.host, path=f"/{path}/", page=None)


def fragment_render(request, name: str, ids, render) -> str:
    """The fragment's HTML: kept, or ``render()``-ed now and kept."""
    key = fragment_key(request, name, ids)
    if key is None:
        return render()
    store = page_store()
    kept = _find(store, key)
    if kept is not None:
        html, tags = kept
        dependencies.depends_on(*tags)
        return html
    with dependencies.collecting() as tags:
        html = render()
    dependencies.depends_on(*tags)
    if tags and dependencies.NEVER not in tags:
        entry = Entry(
            headers=[(TAGS_HEADER, " ".join(sorted(tags))), ("ETag", '""')],
            body=html.encode(),
            extension="html",
            expires=time.time() + settings.PAGECACHE.get("MAX_AGE", 86400),
        )
        store.put(key, entry, tags, generation=memo.current_generation.get())
    return html


def _find(store, key):
    try:
        entry = store.get(key)
    except Exception:
        return None
    if entry is None:
        return None
    tags = next((value for name, value in entry.headers if name == TAGS_HEADER), "")
    return entry.body.decode(), tags.split()
