"""Ranked search on PostgreSQL: the newest matching posts found from whichever end is
short, then the few hundred of them ranked.

modelsearch's PostgreSQL backend joins every matching post to its index entry, ranks
them all, and sorts: a word found in most of 100,000 posts took 4 to 6 s. Here one query
finds the newest MOST_RANKED posts that pass the filters and whose index entry matches,
and PostgreSQL's statistics choose where it starts: a rare word from the GIN index of
``title || body`` (migrations/0001), each match looking its post up by key
(migrations/0002); a common word from the newest posts of the filter (the date, section
and author indexes), checking each post's own entry until enough match, so it costs
what a rare one does. Words left out are part of the same tsquery (``words &
!!(left out)``), checked in the index or on the same entry, never by reading posts
again. Only then are those entries ranked, and only the posts of the page shown
fetched. modelsearch still builds the tsqueries and the rank expression, so both agree
on what matches and how it scores.

XXX: relies on modelsearch's PostgreSQL query compiler (pinned in pyproject.toml);
``tests/test_search_page.py`` runs on PostgreSQL in the PostgreSQL run of the suite.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db.models import BooleanField, CharField, Exists, F, IntegerField, OuterRef
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Cast
from modelsearch.backends import get_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from modelsearch.query import Or

from broadsheet.blog.models import PostPage
from broadsheet.search import ranking


def _compiler(search_query) -> PostgresSearchQueryCompiler:
    return PostgresSearchQueryCompiler(PostPage.objects.all(), search_query)


def _index_entries():
    return PostPage._meta.get_field("index_entries").related_model.objects.filter(
        content_type=ContentType.objects.get_for_model(PostPage)
    )


def _tsquery(search_query):
    return _compiler(search_query).build_tsquery(search_query, config=get_search_backend().config)


def _matching(search_query, *, exclude=None):
    """The post index entries whose title or body matches, and not ``exclude``: one
    tsquery, read through one GIN index or checked on each entry's own row."""
    tsquery = _tsquery(search_query)
    # Not modelsearch's Not(), which it drops around a phrase (modelsearch 1.3); each of
    # the words or phrases left out on its own (not any of them: none of them), as
    # Django cannot negate a combined tsquery.
    if exclude is not None:
        for part in exclude.subqueries if isinstance(exclude, Or) else [exclude]:
            tsquery = tsquery & ~_tsquery(part)
    document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    return _index_entries().alias(document=document).filter(document=tsquery)


def ids_matching(search_query):
    """The ids of the posts matching ``search_query``, unranked."""
    return _matching(search_query).values(post_id=Cast("object_id", IntegerField()))


class RankedPosts(ranking.RankedPosts):
    """The posts of ``posts`` matching ``search_query``, best first (ranking.RankedPosts).

    Keys are post ids.
    """

    def newest(self, posts, *, limit):
        # The post's entry by its key: the unique index on content type and object id
        # from the post's side, the post key index (migrations/0002) from the entry's.
        entry = _matching(self.search_query, exclude=self.exclude).filter(
            object_id=Cast(OuterRef("pk"), CharField())
        )
        newest_first = posts.filter(Exists(entry)).order_by("-date", "-pk")
        return list(newest_first.values_list("pk", flat=True)[:limit])

    def ranked(self, keys):
        compiler = _compiler(self.search_query)
        config = get_search_backend().config
        # modelsearch's own weighing: the title's rank scaled by its length norm, plus the body's.
        title_rank = compiler.build_tsrank(F("title"), self.search_query, config=config)
        body_rank = compiler.build_tsrank(F("body"), self.search_query, config=config)
        score = title_rank * F("title_norm") + body_rank
        title_match = CombinedExpression(
            F("title"), "@@", _tsquery(self.search_query), output_field=BooleanField()
        )
        # By key alone: these entries are known to match and to be allowed, and the match
        # on ``title || body`` costs more than the ranking when read again.
        best_first = (
            _index_entries()
            # One array parameter: Django binds a list value by value (2 ms for 500).
            .filter(object_id__in=RawSQL("SELECT unnest(%s::varchar[])", ([str(k) for k in keys],)))
            .annotate(title_match=title_match, score=score)
            .order_by("-title_match", "-score", "-pk")
        )
        return [int(post_id) for post_id in best_first.values_list("object_id", flat=True)]
