"""Words and punctuation, as the extraction compares them: names match whole tokens, so
"Sudan" never matches inside "Sudanese" and "U.S." is four tokens wherever it is written."""

import re
import unicodedata

_TOKEN = re.compile(r"\w+|[^\w\s]")
# Typographic quotes and dashes written as their plain forms, so that a name typed with
# a curly apostrophe and one typed with a straight one are one name.
# Romanian's s and t with a comma below, and the cedilla forms older text (and GeoNames)
# uses for them, are one letter each.
_PLAIN = str.maketrans(
    {"’": "'", "‘": "'", "‐": "-", "‑": "-", "ș": "ş", "Ș": "Ş", "ț": "ţ", "Ț": "Ţ"}
)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_PLAIN)


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(normalise(name)))


def text_tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()
