"""Which published posts a search finds, and in what order."""

import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.utils import timezone
from modelsearch.query import SearchQuery

from broadsheet.blog.models import PostPage
from broadsheet.search import ranking
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
    # Words left out are not a Not(...) in the reader's query: each database's ranking
    # adds them to its match in its own syntax (modelsearch's PostgreSQL backend drops
    # the Not around a Phrase and finds the phrase, modelsearch 1.3). Without words to
    # look for, the listing leaves out the posts they match.
    if query.include is None:
        if query.exclude is not None:
            posts = posts.exclude(id__in=_ids_matching(query.exclude))
        return posts.for_listing()
    return _ranked(posts.for_listing(), query.include, exclude=query.exclude)


def _ranked(posts, search_query: SearchQuery, *, exclude: SearchQuery | None):
    # Imported here: modelsearch defines its SQLite index models only on SQLite.
    ranked_posts: Callable[..., ranking.RankedPosts]
    if connection.vendor == "sqlite":
        from broadsheet.search import sqlite_ranking

        ranked_posts = sqlite_ranking.RankedPosts
    else:
        from broadsheet.search import postgres_ranking

        ranked_posts = postgres_ranking.RankedPosts
    return ranked_posts(posts, search_query, exclude=exclude)


def _ids_matching(search_query: SearchQuery):
    # Ids as a subquery, so nothing is fetched into Python; unranked, as an exclusion
    # needs no order.
    if connection.vendor == "sqlite":
        from broadsheet.search.sqlite_ranking import ids_matching
    else:
        from broadsheet.search.postgres_ranking import ids_matching
    return ids_matching(search_query)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
