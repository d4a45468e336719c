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
from broadsheet.search import ranking

# bm25() ascends: the best match has the lowest score.
BEST_FIRST = "score"


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


class RankedPosts(ranking.RankedPosts):
    """The posts of ``posts`` matching ``search_query``, best first (ranking.RankedPosts)."""

    post_key = "index_entry__object_id"

    def __init__(self, posts, search_query, *, exclude=None):
        if exclude is not None:
            posts = posts.exclude(id__in=ids_matching(exclude))
        # Each match looked up by its post's key (EXISTS), rather than every allowed
        # post's key listed first (IN), which costs a pass over the archive per query.
        allowed = Exists(
            posts.order_by().filter(pk=Cast(OuterRef("index_entry__object_id"), IntegerField()))
        )

        self.search_query = search_query
        super().__init__(posts, _index_rows(search_query).filter(allowed))

    def ranked(self, matches, newest):
        # A range rather than the list: the FTS table is read in its own order anyway.
        oldest = newest[-1]
        title_ids = (
            _index_rows(self.search_query, fields=("title",))
            .filter(pk__gte=oldest)
            .values("index_entry__object_id")
        )
        return (
            matches.filter(pk__gte=oldest)
            .annotate(score=BM25(), title_match=Q(index_entry__object_id__in=title_ids))
            .order_by("-title_match", BEST_FIRST)
        )
