"""The link that confirms a follow: the address and the story, signed, good for a few days.

The request travels in the link, so a form filled in by someone else changes nothing
until the mailbox's owner confirms.
"""

from dataclasses import dataclass

from django.core import signing

from broadsheet.newsletter.tokens import CONFIRMATION_VALID_FOR, InvalidToken, signed_payload

_SALT = "broadsheet.stories.follow"

__all__ = ["CONFIRMATION_VALID_FOR", "FollowRequest", "InvalidToken"]


@dataclass(frozen=True)
class FollowRequest:
    email: str
    story_id: int


def follow_token(request: FollowRequest) -> str:
    return signing.dumps({"e": request.email, "s": request.story_id}, salt=_SALT)


def follow_request(token: str) -> FollowRequest:
    payload = signed_payload(token, salt=_SALT)
    try:
        return FollowRequest(email=str(payload["e"]), story_id=int(payload["s"]))
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidToken(expired=False) from error
