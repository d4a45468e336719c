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
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
)

from broadsheet.blog.models import PostPage

# bm25() ascends: the best match has the lowest score.
BEST_FIRST = "score"


def _match_expression(search_query, fields):
    compiler = SQLiteSearchQueryCompiler(PostPage.objects.all(), search_query)
    built = compiler.build_search_query(normalize(search_query))
    return MatchExpression(fields, built)


def _index_rows(search_query, *, fields=("title", "body")):
    content_type = ContentType.objects.get_for_model(PostPage)
    return SQLiteFTSIndexEntry.objects.filter(
        _match_expression(search_query, list(fields)),
        index_entry__content_type=content_type,
    )


class RankedPosts:
    """The posts of ``posts`` matching ``search_query``, best first, sliced like a list.

    What Django's paginator needs: ``count()`` and slices. A slice reads the ids of that
    page from the index, then those posts, as ``posts`` would show them.
    """

    def __init__(self, posts, search_query):
        self.posts = posts
        allowed = posts.order_by().annotate(text_id=Cast("pk", CharField())).values("text_id")
        title_ids = _index_rows(search_query, fields=("title",)).values("index_entry__object_id")
        self.rows = (
            _index_rows(search_query)
            .filter(index_entry__object_id__in=allowed)
            .annotate(score=BM25(), title_match=Q(index_entry__object_id__in=title_ids))
            .order_by("-title_match", BEST_FIRST)
        )

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, items):
        if not isinstance(items, slice):
            return self[items : items + 1][0]
        ids = [int(pk) for pk in self.rows.values_list("index_entry__object_id", flat=True)[items]]
        found = self.posts.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
