"""Which language an imported post is in, so that right-to-left posts are laid out so.

The source's word comes first (a WXR channel's <language>, a page's lang attribute,
Ghost's locale), unless it names a left-to-right language for a post mostly in a
right-to-left script (a site's default left as it was). Where it says nothing, or names
a language this site does not offer, the letters tell right-to-left scripts apart:
Arabic script is Persian when it uses Persian's own letters, Urdu with Urdu's, else
Arabic; Hebrew script is Hebrew. Posts in other scripts keep the site's language: their
direction is left to right either way.
"""

import re

from broadsheet.blog.languages import language_direction, post_language_choices, site_language
from broadsheet.importers.records import PostRecord
from broadsheet.importers.results import Changes

_MARKUP = re.compile(r"<[^>]*>")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HEBREW_SCRIPT = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")
_LETTER = re.compile(r"[^\W\d_]")
# Letters Persian uses and Arabic does not (پ چ ژ گ, and Persian's own kaf and yeh).
_PERSIAN_LETTERS = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
# Letters only Urdu uses among these (tteh, ddal, rreh, noon ghunna, heh goal, yeh barree).
_URDU_LETTERS = re.compile(r"[\u0679\u0688\u0691\u06ba\u06c1\u06d2]")
# Enough text to tell a script by; a post's opening is as telling as all of it.
_SAMPLE_CHARACTERS = 4000


def post_language(record: PostRecord, changes: Changes) -> str:
    """The code of the language ``record`` is in, among those the site offers."""
    offered = {code for code, _name in post_language_choices()}
    declared = record.language.replace("_", "-").split("-")[0].strip().lower()
    guessed = _by_script(_sample(record))
    # A site-wide setting left at its default ("en" in Ghost, WordPress and Wix) says
    # nothing of a post written in Persian: letters of a right-to-left script outweigh a
    # declared left-to-right language, so that the post reads the right way round.
    if declared in offered and (guessed is None or language_direction(declared) == "rtl"):
        return declared
    if declared and guessed is None:
        changes.note(
            f"its source says it is in {record.language!r}, which this site does not offer "
            "as a post language: filed under the site's own"
        )
    return guessed or site_language()


def _sample(record: PostRecord) -> str:
    body = _MARKUP.sub(" ", record.body_html[:_SAMPLE_CHARACTERS])
    return " ".join((record.title, record.excerpt, body, *record.paragraphs[:20]))


def _by_script(text: str) -> str | None:
    """ "fa", "ur", "ar" or "he" when most letters are of that script; else None."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    arabic = len(_ARABIC_SCRIPT.findall(text))
    if arabic * 2 > letters:
        if _URDU_LETTERS.search(text):
            return "ur"
        return "fa" if _PERSIAN_LETTERS.search(text) else "ar"
    if len(_HEBREW_SCRIPT.findall(text)) * 2 > letters:
        return "he"
    return None
