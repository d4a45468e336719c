"""Which published posts a search finds, and in what order."""

import datetime as dt

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from modelsearch.query import SearchQuery

from broadsheet.blog.models import PostPage
from broadsheet.search.query import ParsedQuery


def posts_matching(
    query: ParsedQuery,
    *,
    author=None,
    category=None,
    tag=None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """Published posts that match ``query`` and every filter given.

    Posts whose title matches come first, then the others, each group by relevance.
    Without words to look for, the filtered posts, newest first.
    """
    # Filters go on the queryset before .search(), each on a FilterField of PostPage.
    posts = PostPage.objects.published()
    if author is not None:
        posts = posts.filter(author=author)
    if category is not None:
        posts = posts.filter(category=category)
    if tag is not None:
        # Through the tag's FilterField: modelsearch refuses `tags=tag`, whose join
        # Django trims to the through table.
        posts = posts.filter(tags__slug=tag.slug)
    if date_from is not None:
        posts = posts.filter(date__gte=_day_start(date_from))
    if date_to is not None:
        posts = posts.filter(date__lt=_day_start(date_to + dt.timedelta(days=1)))
    if query.exclude is not None:
        # XXX: not Not(...) in the search query: modelsearch's PostgreSQL backend
        # drops the Not around a Phrase and finds the phrase instead (modelsearch 1.3).
        posts = posts.exclude(id__in=_ids_matching(query.exclude))
    if query.include is None:
        return posts.for_listing()
    return _ranked(posts.for_listing(), query.include)


def _ranked(posts, search_query: SearchQuery):
    if connection.vendor == "sqlite":
        # Imported here: modelsearch defines its SQLite index models only on SQLite.
        from broadsheet.search.sqlite_ranking import RankedPosts

        return RankedPosts(posts, search_query)
    relevant = posts.search(search_query).get_queryset()
    # The relevance order is kept as the tie-break: its direction is the backend's
    # (BM25 on SQLite ascends, ts_rank on PostgreSQL descends). SQLite's BM25 weighs
    # a title like the body, hence the explicit title-first key.
    return relevant.annotate(title_match=Q(id__in=_ids_with_title_matching(search_query))).order_by(
        "-title_match", *relevant.query.order_by
    )


def _ids_with_title_matching(search_query: SearchQuery):
    """On PostgreSQL: the posts whose indexed title matches, read from its GIN index.

    XXX: ``search(fields=["title"])`` makes modelsearch compute ``to_tsvector(title)``
    for every page (a third of a second at 100,000 posts); the index entry keeps the
    title's vector already. The query is modelsearch's own, so both agree on matching.
    """
    from modelsearch.backends import get_search_backend
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler

    compiler = PostgresSearchQueryCompiler(PostPage.objects.all(), search_query)
    tsquery = compiler.build_tsquery(search_query, config=get_search_backend().config)
    return PostPage.objects.order_by().filter(index_entries__title=tsquery).values("id")


def _ids_matching(search_query: SearchQuery, *, fields=None):
    # The database backends answer a search with a queryset: its ids make a
    # subquery, so nothing is fetched into Python.
    if connection.vendor == "sqlite" and fields is None:
        # modelsearch's SQLite backend scores each match even unordered (sqlite_ranking).
        from broadsheet.search.sqlite_ranking import ids_matching

        return ids_matching(search_query)
    results = PostPage.objects.order_by().search(
        search_query, fields=fields, order_by_relevance=False
    )
    return results.get_queryset().values("id")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
