"""Cache lifetimes that every view states, aimed at browsers and a CDN in front.

Public pages are kept by the site's own page cache (broadsheet.pagecache) and by shared
caches in front of it, both emptied of exactly the pages an edit changes. Browsers keep
a copy too but ask again every time (``max-age=0``): the answer is a cheap 304 when
nothing changed, and a reader who just posted, or an editor who just published, never
sees the page as it was.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

# A CDN's copy lives this long unless a purge reaches it first; with no purge configured
# (no CDN settings), this is how late a change can show through a CDN.
SHARED_MAX_AGE = getattr(settings, "BROADSHEET_SHARED_MAX_AGE", 300)
# Meanwhile a CDN may answer with its copy while it fetches a new one.
STALE_WHILE_REVALIDATE = 60


def set_public_cache(response, *, shared_max_age=None):
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=SHARED_MAX_AGE if shared_max_age is None else shared_max_age,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
    )
    return response


def public_cache(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return set_public_cache(view(request, *args, **kwargs))

    return wrapped
