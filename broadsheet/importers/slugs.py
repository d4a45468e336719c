"""Slugs and source ids from whatever a source wrote: cleaned, cut to fit, never refused.

Sources hand over slugs percent-encoded (WordPress writes the letters of other scripts
as %D8%A7…), with invisible characters (a right-to-left override, a zero-width joiner
pasted from a phone) and emoji, or far longer than a column holds. Wagtail refuses such a
slug and the whole post with it; here it is decoded, stripped to letters, digits and
hyphens, in any script, and cut on a word boundary.
"""

import hashlib
import re
import unicodedata
from urllib.parse import unquote

from django.utils.text import slugify

# Page.slug's length; Author, Category and tag slugs are cut to their own.
SLUG_MAX_LENGTH = 255
# Room left for the "-2", "-3"… that tells apart two posts wanting one address.
_SUFFIX_ROOM = 6
# A source id is looked up, never shown: a long one is cut and ends with a hash of the
# whole, so that two long ids sharing a beginning stay two.
SOURCE_ID_MAX_LENGTH = 255
_HASH_LENGTH = 16
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_HYPHENS = re.compile(r"-{2,}")


def clean_slug(text: str, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """``text`` as a slug Wagtail accepts, keeping letters of every script; "" for none.

    Percent-escapes are decoded; controls, bidi overrides, joiners and symbols go;
    letters are lowercased and runs of anything else become one hyphen.
    """
    if _PERCENT_ESCAPE.search(text):
        text = unquote(text)
    text = "".join(
        character
        for character in unicodedata.normalize("NFKC", text)
        # Cc: controls; Cf: bidi marks and overrides, zero-width joiners; So, Sk: emoji
        # and other symbols, which a slug cannot hold.
        if unicodedata.category(character) not in {"Cc", "Cf", "Co", "Cs", "So", "Sk"}
    )
    slug = _HYPHENS.sub("-", slugify(text.replace("_", "-"), allow_unicode=True)).strip("-")
    return cut_slug(slug, max_length=max_length - _SUFFIX_ROOM)


def cut_slug(slug: str, *, max_length: int) -> str:
    """``slug`` cut to ``max_length`` characters, at a hyphen where one is near the end."""
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    word_end = cut.rfind("-")
    if word_end > max_length // 2:
        cut = cut[:word_end]
    # Never a combining mark left without the letter it belongs to.
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    return cut.strip("-")


def numbered_slug(slug: str, number: int, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """``slug`` with "-<number>" after it, cut to leave room for it."""
    suffix = f"-{number}"
    return cut_slug(slug, max_length=max_length - len(suffix)) + suffix


def fitted_source_id(source_id: str, *, max_length: int = SOURCE_ID_MAX_LENGTH) -> str:
    """``source_id`` as it is, or cut to fit its column with a hash of the whole after it."""
    if len(source_id) <= max_length:
        return source_id
    digest = hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    return f"{source_id[: max_length - _HASH_LENGTH - 1]}#{digest}"
