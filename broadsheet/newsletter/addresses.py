"""Email addresses and names as readers type them, made safe to store and to send to.

One mailbox is one row: ``Reader@Example.ORG `` and ``reader@example.org`` are the
same subscriber. Anything that could end a mail header (a line break, any control
character) is refused outright, in names as in addresses, so nothing a reader types
can add a header or a recipient to a message.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.encoding import punycode

from broadsheet.newsletter.models import NAME_MAX_LENGTH

EMAIL_MAX_LENGTH = 254
_validate_email = EmailValidator(message="Please enter a valid email address.")


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(character).startswith("C") for character in text)


def normalised_email(value: str) -> str:
    """The address in one form: trimmed, lower case, its domain in ASCII (IDNA).

    ValidationError, saying what to change, for anything that is not one plain address.
    """
    address = unicodedata.normalize("NFC", value or "").strip()
    if not address:
        raise ValidationError("Please enter your email address.")
    if _has_control_characters(address) or any(c in address for c in ',;<>" '):
        raise ValidationError("Please enter one email address, without spaces or punctuation.")
    _validate_email(address)
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise ValidationError("Please enter an address whose part before the @ is plain ASCII.")
    address = f"{local.lower()}@{punycode(domain.lower())}"
    if len(address) > EMAIL_MAX_LENGTH:
        raise ValidationError(f"Please enter an address of at most {EMAIL_MAX_LENGTH} characters.")
    return address


def clean_name(value: str) -> str:
    """A reader's name for the To header: one line of printable text, or empty."""
    name = unicodedata.normalize("NFC", value or "").strip()
    if _has_control_characters(name):
        raise ValidationError("Please write your name on one line, without special characters.")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(f"Please shorten your name to {NAME_MAX_LENGTH} characters.")
    return " ".join(name.split())
