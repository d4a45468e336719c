"""Ranked search on SQLite: the newest matches found from the full-text index or from the
filter, whichever is short, then the few hundred of them ranked in one pass.

modelsearch's SQLite backend (1.x) scores results with a subquery per result row, each
running the whole FTS5 match again: a search matching 2,000 posts ran its match 2,000
times (0.2 s a word; 22 s for a hundred one-letter words). Here the match runs once, and
no more of it than the page needs:

- Words left out are part of the same FTS5 expression (``words NOT (left out)``): FTS5
  answers it from its index, never reading a post.
- The newest matches: FTS5 reads the keys of its WALKED_MATCHES most recently indexed
  matches (newest first, stopping there however common the words), and the posts'
  date index orders those the filters allow. Without filters, or with one that lets
  most posts through, that is enough, and a rare word has fewer matches than that in
  all. Otherwise the filter is what is short (a section, an author, a year among many):
  its posts are read newest first from their own index (date, section, author) in
  growing windows, each window's entries asked of FTS5 as one range of keys, until
  enough of them match.
- Ranking: bm25() by the query's words, and whether the title matches the query, over
  those matches alone (their range of keys in the FTS table, narrowed to them), title
  matches first, then by score; only the page shown is fetched.

modelsearch still turns the reader's query into FTS5's syntax (``_match_expression``), so
the two agree on what matches.

XXX: relies on modelsearch's SQLite query compiler and index models (pinned in
pyproject.toml); ``tests/test_ranking.py`` fails when their shape changes.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Func, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import And, Not, PlainText

from broadsheet.blog.models import PostPage
from broadsheet.core.planner_hints import likely
from broadsheet.search import ranking

# bm25() ascends: the best match has the lowest score.
BEST_FIRST = "score"
# Matches read newest first before reading the filter's posts instead: twice what is
# ranked, so a search without filters, or with one that lets most posts through, is
# answered from these.
WALKED_MATCHES = 1000
# Posts of the filter read in the first window; each next window is this many times the last.
WINDOW_GROWTH = 4


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


def _entries():
    """Every index entry (the table the FTS table mirrors), of posts and of the rest."""
    return PostPage._meta.get_field("index_entries").related_model.objects.all()


def _without(search_query, exclude):
    return search_query if exclude is None else And([search_query, Not(exclude)])


def ids_matching(search_query):
    """The ids of the posts matching ``search_query``, unranked: one FTS match, no bm25()."""
    return (
        _index_rows(search_query)
        .annotate(post_id=Cast("index_entry__object_id", IntegerField()))
        .values("post_id")
    )


def _words(search_query) -> list[str]:
    """Every word of ``search_query`` (an And of words and phrases), each once."""
    parts = search_query.subqueries if isinstance(search_query, And) else [search_query]
    return list(dict.fromkeys(" ".join(part.query_string for part in parts).split()))


def _in_most_posts(word: str, *, newest_entry: int) -> bool:
    """Whether ``word`` is in most posts, as far as its WALKED_MATCHES newest matches
    tell: they are among twice as many newest entries of the whole index. One short read
    of the index."""
    newest_first = _index_rows(PlainText(word)).order_by("-pk").values_list("pk", flat=True)
    last_walked = newest_first[WALKED_MATCHES - 1 : WALKED_MATCHES].first()
    return last_walked is not None and newest_entry - last_walked < 2 * WALKED_MATCHES


def _listed(values: list[int]) -> RawSQL:
    """``values`` for an IN, bound as one parameter: Django binds a list value by value,
    which costs 3 ms for a thousand."""
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))


def _among(rows, keys: list[int]):
    """The FTS ``rows`` whose keys are ``keys``: FTS5 reads the range of keys they span,
    and each is checked against the list. (Asked as ``rowid IN (…)`` alone, FTS5 runs
    its whole match once per listed key: seconds for a few hundred.)"""
    as_value = Func("pk", template="+%(expressions)s", output_field=IntegerField())
    return (
        rows.filter(pk__gte=min(keys), pk__lte=max(keys))
        .alias(key=as_value)
        .filter(key__in=_listed(keys))
    )


class RankedPosts(ranking.RankedPosts):
    """The posts of ``posts`` matching ``search_query``, best first (ranking.RankedPosts).

    Keys are the posts' index entries' keys (the FTS table's rowids).
    """

    def newest(self, posts, *, limit):
        matches = _index_rows(_without(self.search_query, self.exclude))
        # The most recently indexed matches, from the index alone…
        walked = list(
            matches.order_by("-pk").values_list("pk", "index_entry__object_id")[:WALKED_MATCHES]
        )
        key_of = {int(post_id): key for key, post_id in walked}
        # …those the filters allow, newest first (by the posts' own date index).
        allowed = posts.filter(pk__in=_listed(list(key_of))).order_by("-date", "-pk")
        found = [(key_of[pk], pk) for pk in allowed.values_list("pk", flat=True)[:limit]]
        if len(found) < limit and len(walked) == WALKED_MATCHES:
            found = _newest_from_the_filter(posts, matches, limit=limit)
        self.post_of = dict(found)
        return [key for key, _ in found]

    def ranked(self, keys):
        title_keys = _among(_index_rows(self.search_query, fields=("title",)), keys)
        # bm25() weighs each word by its rarity, reading all its matches in the archive to
        # learn it (8 ms for a word in each of 100,000 posts), and gives a word in half
        # the posts or more next to no weight: those are left out of the score.
        newest_entry = _entries().aggregate(newest=Max("pk"))["newest"]
        weighed = [
            word
            for word in _words(self.search_query)
            if not _in_most_posts(word, newest_entry=newest_entry)
        ]
        if not weighed:
            # Every word is in most posts: title matches first, each group newest first.
            in_title = set(title_keys.values_list("pk", flat=True))
            best_first = sorted(keys, key=lambda key: key not in in_title)  # A stable sort.
            return [self.post_of[key] for key in best_first]
        # By words, phrases or not: these entries are known to match, and for a phrase
        # bm25() would check the phrase in every post of the archive.
        best_first = (
            _among(_index_rows(PlainText(" ".join(weighed), operator="and")), keys)
            .annotate(score=BM25(), title_match=Q(pk__in=title_keys.values("pk")))
            .order_by("-title_match", BEST_FIRST, "-pk")
        )
        return [self.post_of[key] for key in best_first.values_list("pk", flat=True)]


def _newest_from_the_filter(posts, matches, *, limit) -> list[tuple[int, int]]:
    """The newest ``limit`` matches, reading ``posts`` newest first: (key, post id)."""
    # The post's entry by its key (the unique index on content type and object id).
    entry = (
        _entries()
        .filter(
            content_type=ContentType.objects.get_for_model(PostPage),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .values("pk")[:1]
    )
    newest_first = (
        posts.annotate(entry=Subquery(entry))
        .order_by("-date", "-pk")
        .values_list("date", "pk", "entry")
    )
    found: list[tuple[int, int]] = []
    window, after = limit, None
    while True:
        older = newest_first
        if after is not None:
            date, pk = after
            older = older.filter(Q(date__lt=date) | Q(date=date, pk__lt=pk))
        batch = list(older[:window])
        post_of = {key: pk for _, pk, key in batch if key is not None}
        if post_of:
            # One range of keys, read from the index alone, narrowed to the window's.
            matching = set(_among(matches, list(post_of)).values_list("pk", flat=True))
            found += [(key, pk) for key, pk in post_of.items() if key in matching]
        if len(found) >= limit or len(batch) < window:
            return found[:limit]
        after, window = batch[-1][:2], window * WINDOW_GROWTH
