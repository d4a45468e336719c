"""An optional spam score for new comments: links, known spam words, first-time commenters.

Off by default (Settings → Comments). Each sign adds to the score; a comment reaching the
site's threshold is marked as spam, where a moderator can still approve it.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
LINKS_SCORE_CAP = 3
SPAM_WORD_SCORE = 2


@dataclass(frozen=True)
class SpamScore:
    score: int
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return ", ".join(self.reasons)


def spam_words(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


def spam_score(*, body: str, author_name: str, words: list[str], first_time: bool) -> SpamScore:
    score, reasons = 0, []
    links = len(LINK.findall(body))
    if links > 1:
        score += min(links - 1, LINKS_SCORE_CAP)
        reasons.append(f"{links} links")
    text = f"{author_name}\n{body}".lower()
    found = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    if found:
        score += SPAM_WORD_SCORE * len(found)
        reasons.append("spam words: " + ", ".join(found))
    if first_time:
        score += 1
        reasons.append("first comment")
    return SpamScore(score=score, reasons=tuple(reasons))


def is_first_comment(*, author_email: str, address_hash: str) -> bool:
    """No approved comment yet from this email address or this internet address."""
    from broadsheet.comments.models import Comment

    known = Q(pk__in=[])
    if author_email:
        known |= Q(author_email__iexact=author_email)
    if address_hash:
        known |= Q(author_address_hash=address_hash)
    return not Comment.objects.approved().filter(known).exists()
