"""Ranked search on SQLite in one pass over the full-text index.

modelsearch's SQLite backend (1.x) scores results with a subquery per result row, each
running the whole FTS5 match again: a search matching 2,000 posts ran its match 2,000
times (0.2 s a word; 22 s for a hundred one-letter words). Here the match runs once: the
FTS table is read with bm25() alongside, narrowed to the posts the filters allow, ordered
title matches first, then by score, and only the page shown is fetched. modelsearch
still turns the reader's query into FTS5's syntax (``_match_expression``), so the two
agree on what matches.

XXX: relies on modelsearch's SQLite query compiler and index models (pinned in
pyproject.toml); ``tests/test_sqlite_ranking.py`` fails when their shape changes.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
)

from broadsheet.blog.models import PostPage
from broadsheet.core.planner_hints import likely

# bm25() ascends: the best match has the lowest score.
BEST_FIRST = "score"
# Matches counted at most: past this, the page says "more than" (counting every match of
# a word in most of 100,000 posts costs as much as ranking them).
MOST_COUNTED = 1000
# Matches ranked at most: the newest ones. bm25() scores every match it is given, and a
# common word matches most of a big archive (0.6 s for 100,000 matches, 50 ms for 5,000);
# a news reader wants the recent coverage first anyway, and narrows by date for the rest.
# Index entries are numbered as posts are indexed, so the newest entries come last.
MOST_RANKED = 5000


def _match_expression(search_query, fields):
    compiler = SQLiteSearchQueryCompiler(PostPage.objects.all(), search_query)
    built = compiler.build_search_query(normalize(search_query))
    return MatchExpression(fields, built)


def _index_rows(search_query, *, fields=("title", "body")):
    content_type = ContentType.objects.get_for_model(PostPage)
    # The hint makes SQLite run the match first, then look its entries up (core.planner_hints).
    return SQLiteFTSIndexEntry.objects.filter(
        _match_expression(search_query, list(fields)),
        likely(Q(index_entry__content_type=content_type)),
    )


def ids_matching(search_query):
    """The ids of the posts matching ``search_query``, unranked: one FTS match, no bm25()."""
    return (
        _index_rows(search_query)
        .annotate(post_id=Cast("index_entry__object_id", IntegerField()))
        .values("post_id")
    )


def _oldest_ranked(search_query) -> int:
    """The first index entry among the newest MOST_RANKED matches (read in the FTS
    table's own order, without scoring them); 0 when fewer match."""
    newest_first = (
        SQLiteFTSIndexEntry.objects.filter(_match_expression(search_query, ["title", "body"]))
        .order_by("-pk")
        .values_list("pk", flat=True)
    )
    return next(iter(newest_first[MOST_RANKED - 1 : MOST_RANKED]), 0)


class RankedPosts:
    """The posts of ``posts`` matching ``search_query``, best first, sliced like a list.

    What Django's paginator needs: ``count()`` and slices. A slice reads the ids of that
    page from the index, then those posts, as ``posts`` would show them.
    """

    def __init__(self, posts, search_query):
        self.posts = posts
        # Each match looked up by its post's key (EXISTS), rather than every allowed
        # post's key listed first (IN), which costs a pass over the archive per query.
        allowed = Exists(
            posts.order_by().filter(pk=Cast(OuterRef("index_entry__object_id"), IntegerField()))
        )
        oldest = _oldest_ranked(search_query)
        title_ids = (
            _index_rows(search_query, fields=("title",))
            .filter(pk__gte=oldest)
            .values("index_entry__object_id")
        )
        self.matches = _index_rows(search_query).filter(allowed, pk__gte=oldest)
        self.rows = self.matches.annotate(
            score=BM25(), title_match=Q(index_entry__object_id__in=title_ids)
        ).order_by("-title_match", BEST_FIRST)

    def count(self) -> int:
        return min(self.matches[: MOST_COUNTED + 1].count(), MOST_COUNTED)

    @property
    def more_than_counted(self) -> bool:
        """Whether more posts match than ``count()`` says (it stops at MOST_COUNTED)."""
        return self.matches[MOST_COUNTED : MOST_COUNTED + 1].exists()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, items):
        if not isinstance(items, slice):
            return self[items : items + 1][0]
        ids = [int(pk) for pk in self.rows.values_list("index_entry__object_id", flat=True)[items]]
        found = self.posts.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
