"""How close two published posts are: the entities they share, rarer ones weighing more,
and the words they share, rarer ones weighing more (tf-idf).

score(a, b) = ENTITY_SHARE · cosine(entities) + TEXT_SHARE · cosine(words), where each
post is a vector of its entities (weight: idf) and of its kept words (weight: (1 + log
tf) · idf). The score is symmetric, so one post's scores against the others also say
where it stands in each of their lists (services).

Only the task worker calls this: pages read the stored result (RelatedPost).
"""

import math
from collections import defaultdict

from django.db.models import Case, Count, FloatField, Sum, Value, When

from broadsheet.blog.models import PostPage
from broadsheet.entities.models import PostEntity
from broadsheet.related.models import PostTerm

ENTITY_SHARE = 0.65
TEXT_SHARE = 0.35
# Posts scored in full for one post: the closest by a first, cheaper reckoning.
CANDIDATES = 200
# A word in more than this share of posts says little about any of them ("government").
COMMON_WORD_SHARE = 0.2


def _published_ids():
    return PostPage.objects.published().values("pk")


def _idf(total: int, frequency: int) -> float:
    # Smoothed: an entity every post names still counts a little (a blog about Iran).
    return math.log(1 + total / frequency)


def _cosine(a: dict, b: dict) -> float:
    dot = sum(weight * b[key] for key, weight in a.items() if key in b)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm


class Corpus:
    """Document frequencies among published posts, read as the scoring needs them."""

    def __init__(self):
        self.total = PostPage.objects.published().count()
        self.common_limit = max(2, COMMON_WORD_SHARE * self.total)
        self.entity_df: dict[int, int] = {}
        self.term_df: dict[str, int] = {}

    def learn_entities(self, entity_ids) -> None:
        missing = set(entity_ids) - self.entity_df.keys()
        if missing:
            rows = (
                PostEntity.objects.filter(
                    entity_id__in=missing, excluded=False, post_id__in=_published_ids()
                )
                .values("entity_id")
                .annotate(n=Count("pk"))
            )
            self.entity_df.update({row["entity_id"]: row["n"] for row in rows})

    def learn_terms(self, terms) -> None:
        missing = set(terms) - self.term_df.keys()
        if missing:
            rows = (
                PostTerm.objects.filter(term__in=missing, post_id__in=_published_ids())
                .values("term")
                .annotate(n=Count("pk"))
            )
            self.term_df.update({row["term"]: row["n"] for row in rows})

    def entity_weight(self, entity_id: int) -> float:
        return _idf(self.total, max(1, self.entity_df.get(entity_id, 1)))

    def term_weight(self, term: str) -> float | None:
        """idf of ``term``; None for a word too common to tell posts apart.

        Unlike an entity's, a word's idf is not smoothed: a word every post uses (the
        blog's own name, "paragraph" in a test) weighs nothing, however few the posts.
        """
        frequency = max(1, self.term_df.get(term, 1))
        if frequency > self.common_limit or frequency >= self.total:
            return None
        return math.log(self.total / frequency)


def _entity_vectors(post_ids, corpus: Corpus) -> dict[int, dict]:
    rows = list(
        PostEntity.objects.filter(post_id__in=post_ids, excluded=False).values_list(
            "post_id", "entity_id"
        )
    )
    corpus.learn_entities(entity for _, entity in rows)
    vectors: dict[int, dict] = defaultdict(dict)
    for post_id, entity_id in rows:
        vectors[post_id][entity_id] = corpus.entity_weight(entity_id)
    return vectors


def _term_vectors(post_ids, corpus: Corpus) -> dict[int, dict]:
    rows = list(
        PostTerm.objects.filter(post_id__in=post_ids).values_list("post_id", "term", "weight")
    )
    corpus.learn_terms(term for _, term, _ in rows)
    vectors: dict[int, dict] = defaultdict(dict)
    for post_id, term, weight in rows:
        idf = corpus.term_weight(term)
        if idf is not None:
            vectors[post_id][term] = weight * idf
    return vectors


def _closest_by(rows, key: str, weights: dict) -> list[int]:
    """The posts among ``rows`` whose shared ``key``s weigh most: summed by the database,
    so a common entity in thousands of posts sends back only the closest few hundred."""
    likeness = Sum(
        Case(
            *(When(**{key: value}, then=Value(weight**2)) for value, weight in weights.items()),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    closest = rows.values("post_id").annotate(likeness=likeness).order_by("-likeness", "-post_id")
    return [row["post_id"] for row in closest[:CANDIDATES]]


def _candidates(post_id: int, entities: dict, terms: dict) -> list[int]:
    """Published posts sharing an entity or a kept word with the post: the likeliest
    few hundred by each, judged by the rarity of what they share."""
    found: dict[int, None] = {}
    if entities:
        sharing = PostEntity.objects.filter(
            entity_id__in=entities, excluded=False, post_id__in=_published_ids()
        ).exclude(post_id=post_id)
        found.update(dict.fromkeys(_closest_by(sharing, "entity_id", entities)))
    if terms:
        sharing_words = PostTerm.objects.filter(
            term__in=terms, post_id__in=_published_ids()
        ).exclude(post_id=post_id)
        found.update(dict.fromkeys(_closest_by(sharing_words, "term", terms)))
    return list(found)


def scores_for(post_id: int, *, corpus: Corpus | None = None) -> dict[int, float]:
    """Every published post worth comparing with post ``post_id``, and its score (> 0).

    ``corpus``: frequencies already read, shared by a rebuild scoring every post.
    """
    corpus = corpus or Corpus()
    entities = _entity_vectors([post_id], corpus).get(post_id, {})
    terms = _term_vectors([post_id], corpus).get(post_id, {})
    if not entities and not terms:
        return {}
    candidates = _candidates(post_id, entities, terms)
    their_entities = _entity_vectors(candidates, corpus)
    their_terms = _term_vectors(candidates, corpus)
    scores = {}
    for other in candidates:
        score = ENTITY_SHARE * _cosine(entities, their_entities.get(other, {})) + (
            TEXT_SHARE * _cosine(terms, their_terms.get(other, {}))
        )
        if score > 0:
            scores[other] = score
    return scores
