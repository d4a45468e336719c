"""Cache lifetimes that every view states, aimed at browsers and a CDN in front."""

from functools import wraps

from django.utils.cache import patch_cache_control

# Listings change when anything is published; a short shared lifetime keeps a
# CDN useful while a publish shows within a minute.
LISTING_MAX_AGE = 60
LISTING_SHARED_MAX_AGE = 300


def set_public_cache(response, *, max_age=LISTING_MAX_AGE, shared_max_age=LISTING_SHARED_MAX_AGE):
    patch_cache_control(response, public=True, max_age=max_age, s_maxage=shared_max_age)
    return response


def set_private_cache(response, *, max_age=0):
    """For pages that carry a per-reader CSRF token: browsers only, never a shared cache."""
    patch_cache_control(response, private=True, max_age=max_age)
    return response


def public_cache(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return set_public_cache(view(request, *args, **kwargs))

    return wrapped
