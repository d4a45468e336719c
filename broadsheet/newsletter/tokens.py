"""The confirmation link's token: what a reader asked for, signed, good for a few days.

The request itself travels in the link (address, name, categories, frequency), so a
form filled in by someone else changes nothing until the mailbox's owner confirms, and
an existing subscriber's choices are never overwritten by a stranger.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

CONFIRMATION_VALID_FOR = timedelta(days=7)
_SALT = "broadsheet.newsletter.confirm"


class InvalidToken(Exception):
    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class SubscriptionRequest:
    email: str
    name: str = ""
    category_ids: tuple[int, ...] = ()
    frequency: str = "each_post"


def confirmation_token(request: SubscriptionRequest) -> str:
    payload = {
        "e": request.email,
        "n": request.name,
        "c": list(request.category_ids),
        "f": request.frequency,
    }
    return signing.dumps(payload, salt=_SALT, compress=True)


def signed_payload(token: str, *, salt: str) -> dict:
    """What a confirmation link signed with ``salt`` carries; InvalidToken if forged or old.

    Also read by the links that confirm following a story (broadsheet.stories.tokens).
    """
    try:
        payload = signing.loads(token, salt=salt, max_age=CONFIRMATION_VALID_FOR)
    except signing.SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except signing.BadSignature as error:
        raise InvalidToken(expired=False) from error
    if not isinstance(payload, dict):
        raise InvalidToken(expired=False)
    return payload


def confirmation_request(token: str) -> SubscriptionRequest:
    payload = signed_payload(token, salt=_SALT)
    try:
        return SubscriptionRequest(
            email=str(payload["e"]),
            name=str(payload["n"]),
            category_ids=tuple(int(pk) for pk in payload["c"]),
            frequency=str(payload["f"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidToken(expired=False) from error
