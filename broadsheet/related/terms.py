"""A post's words for comparing it with others: lower-cased, common words left out."""

import math
import re
from collections import Counter

from broadsheet.blog.text import body_plain_text

# The most a post keeps: enough to tell it apart, few enough to compare quickly.
TERMS_PER_POST = 40
TITLE_WEIGHT = 3
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
# English function words and newsroom filler: they say nothing about what a post is about.
STOP_WORDS = frozenset(
    """
    about above after again against all also although among and another any are around
    because been before being below between both but can cannot could did does doing down
    during each either even ever every few for from further had has have having her here
    hers herself him himself his how however into its itself just last least less like
    made make many may more most much must near neither never new next nor not now off
    once one only other our ours out over own per said same say says she should since
    some still such than that the their theirs them then there these they this those
    though three through thus too two under until upon very was were what when where
    whether which while who whom whose why will with within without would year years yet
    you your yours week weeks day days time told according including
    """.split()  # noqa: SIM905 (a list literal of 150 words would be unreadable)
)


def words(text: str) -> list[str]:
    found = (match.group().lower().replace("’", "'") for match in _WORD.finditer(text))
    return [word for word in found if len(word) >= 3 and word not in STOP_WORDS]


def post_terms(post) -> dict[str, float]:
    """The post's ``TERMS_PER_POST`` most used words, each weighted 1 + log(times)."""
    counts = Counter(words(post.title) * TITLE_WEIGHT)
    counts.update(words(post.excerpt or ""))
    counts.update(words(body_plain_text(post.body)))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TERMS_PER_POST]
    return {term[:64]: 1 + math.log(count) for term, count in top}
