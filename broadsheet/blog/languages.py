"""The languages a post may be written in, and which way each is written."""

from django.conf import settings
from django.utils import translation

# Languages a post may be written in, named in their own words. Django's locale data
# says which are written right to left (Persian, Arabic, Hebrew, Urdu here).
POST_LANGUAGE_CODES = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "tr", "fa", "ar", "he", "ur"]


def site_language() -> str:
    """The site's language without its region ("en" for "en-us"): a new post's language."""
    return settings.LANGUAGE_CODE.split("-")[0].lower()


def post_language_choices():
    # A callable, so that migrations refer to it rather than copy the list, and the
    # site's own language is always a choice.
    codes = dict.fromkeys([site_language(), *POST_LANGUAGE_CODES])
    return [(code, _language_name(code)) for code in codes]


def _language_name(code: str) -> str:
    try:
        info = translation.get_language_info(code)
    except KeyError:
        return code
    if info["name_local"] == info["name"]:
        return info["name"]
    return f"{info['name_local']} ({info['name']})"


def language_direction(language: str) -> str:
    """Which way ``language`` is written: "rtl" (right to left) or "ltr"."""
    try:
        bidi = translation.get_language_info(language)["bidi"]
    except KeyError:
        bidi = False
    return "rtl" if bidi else "ltr"
