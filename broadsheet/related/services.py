"""Keeping each post's Related coverage up to date, ahead of any page that shows it.

``related_refresh`` runs in the task worker when a post is published, unpublished or
changes its entities: it stores the post's words, scores it against the posts it shares
something with, keeps its five closest, and, since scores are symmetric, puts it into
(or takes it out of) the lists of the posts it now stands among. Only the posts whose
list changed have their pages thrown away.
"""

from django.db import transaction

from broadsheet.blog.models import PostPage
from broadsheet.pagecache.purge import all_purge_on_commit, purges_deferred, tags_purge_on_commit
from broadsheet.related import cache_tags
from broadsheet.related.models import PostTerm, RelatedPost
from broadsheet.related.scoring import Corpus, scores_for
from broadsheet.related.terms import post_terms

SHOWN = 5


def _ranked(scores: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], -item[0]))[:SHOWN]


def _stored_lists(post_ids) -> dict[int, list[tuple[int, float]]]:
    lists: dict[int, list[tuple[int, float]]] = {pk: [] for pk in post_ids}
    rows = RelatedPost.objects.filter(post_id__in=post_ids).order_by("post_id", "rank")
    for post_id, related_id, score in rows.values_list("post_id", "related_id", "score"):
        lists[post_id].append((related_id, score))
    return lists


def _store_list(post_id: int, ranked: list[tuple[int, float]], stored) -> bool:
    """Write post ``post_id``'s list; True (and its box purged) if readers see a change."""
    if ranked == stored:
        return False
    RelatedPost.objects.filter(post_id=post_id).delete()
    RelatedPost.objects.bulk_create(
        RelatedPost(post_id=post_id, related_id=related, score=score, rank=rank)
        for rank, (related, score) in enumerate(ranked, start=1)
    )
    if [related for related, _ in ranked] != [related for related, _ in stored]:
        tags_purge_on_commit([cache_tags.related(post_id)])
        return True
    return False  # The same posts in the same order: only their scores moved.


def _store_terms(post: PostPage) -> None:
    PostTerm.objects.filter(post=post).delete()
    PostTerm.objects.bulk_create(
        PostTerm(post=post, term=term, weight=weight) for term, weight in post_terms(post).items()
    )


@transaction.atomic
def related_refresh(*, post_id: int) -> set[int]:
    """Bring post ``post_id`` and its neighbours' lists up to date; returns the posts
    whose Related coverage readers will see changed. Safe to run again at any time."""
    post = PostPage.objects.published().filter(pk=post_id).first()
    listing_it = set(
        RelatedPost.objects.filter(related_id=post_id).values_list("post_id", flat=True)
    )
    if post is None:
        # Gone from readers' sight: out of every list it was in, each refilled.
        PostTerm.objects.filter(post_id=post_id).delete()
        changed = set()
        if _store_list(post_id, [], _stored_lists([post_id])[post_id]):
            changed.add(post_id)
        return changed | _recompute(listing_it)
    _store_terms(post)
    scores = scores_for(post_id)
    stored = _stored_lists([post_id, *scores, *listing_it])
    changed = set()
    if _store_list(post_id, _ranked(scores), stored[post_id]):
        changed.add(post_id)
    for other, score in scores.items():
        others = {pk: s for pk, s in stored[other] if pk != post_id}
        others[post_id] = score
        if _store_list(other, _ranked(others), stored[other]):
            changed.add(other)
    # Lists it was in but it no longer comes near: each needs another post in its place.
    return changed | _recompute(listing_it - scores.keys())


def _recompute(post_ids) -> set[int]:
    """Each of ``post_ids``'s lists worked out afresh (their own neighbours left alone)."""
    changed = set()
    published = set(
        PostPage.objects.published().filter(pk__in=post_ids).values_list("pk", flat=True)
    )
    stored = _stored_lists(post_ids)
    for post_id in post_ids:
        ranked = _ranked(scores_for(post_id)) if post_id in published else []
        if _store_list(post_id, ranked, stored[post_id]):
            changed.add(post_id)
    return changed


def related_rebuild(*, progress=None) -> int:
    """Every published post's words and list worked out afresh: after a bulk import, or a
    rebuild of the entities. Pages are thrown away once, at the end. Returns the count.

    Each post's list is committed on its own: an interrupted rebuild leaves every list
    whole (old or new), and running it again finishes the work.
    """
    published = PostPage.objects.published()
    post_ids = list(published.order_by("pk").values_list("pk", flat=True))
    with purges_deferred():
        # Words first: every list is scored against the whole archive's words.
        with transaction.atomic():
            PostTerm.objects.exclude(post_id__in=published.values("pk")).delete()
            for post in published.order_by("pk").iterator(chunk_size=500):
                _store_terms(post)
        corpus = Corpus()  # The archive's frequencies, read once for every post.
        for done, post_id in enumerate(post_ids, start=1):
            with transaction.atomic():
                stored = _stored_lists([post_id])[post_id]
                _store_list(post_id, _ranked(scores_for(post_id, corpus=corpus)), stored)
            if progress:
                progress(done, len(post_ids))
        RelatedPost.objects.exclude(post_id__in=published.values("pk")).delete()
    all_purge_on_commit()
    return len(post_ids)
