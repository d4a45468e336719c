"""How many comments a reader, an address and a post may take in an hour (Settings → Comments)."""

from dataclasses import dataclass

from broadsheet.comments.addresses import request_address_hash, request_reader_hash
from broadsheet.core.ratelimit import Limit, hit

READER_TOO_FAST = (
    "You have posted several comments in a short time. Please wait {wait} before "
    "sending this one; your text is kept below."
)
POST_TOO_BUSY = (
    "This post is receiving a great many comments just now. Please send yours again "
    "in {wait}; your text is kept below."
)


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int


def comment_limits_check(request, *, post, settings) -> Refusal | None:
    """Count this comment against every limit; a Refusal if one of them is reached.

    Every limit counts the attempt even when another refuses it, so a client that keeps
    sending stays refused.
    """
    reader = Limit("comments:reader", settings.reader_limit_per_hour)
    address = Limit("comments:address", settings.address_limit_per_hour)
    per_post = Limit("comments:post", settings.post_limit_per_hour)
    waits = {
        READER_TOO_FAST: [
            hit(reader, request_reader_hash(request)),
            hit(address, request_address_hash(request)),
        ],
        POST_TOO_BUSY: [hit(per_post, str(post.pk))],
    }
    for message, retry_afters in waits.items():
        refused = [seconds for seconds in retry_afters if seconds is not None]
        if refused:
            wait = max(refused)
            return Refusal(message=message.format(wait=_minutes(wait)), retry_after=wait)
    return None


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return "a minute" if minutes == 1 else f"{minutes} minutes"
