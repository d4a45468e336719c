"""Ranked search on PostgreSQL, reading the index entries alone until the page is known.

modelsearch's PostgreSQL backend joins every matching post, with every column a listing
shows, to its index entry, ranks them all, and sorts: a word found in most of 100,000
posts took 4 to 6 s (bench/search_bench.py), past the search's time limit. Here, as on
SQLite (sqlite_ranking.py), the match, the ranking and the count read only the index
entries, through the GIN index on ``title || body`` (migrations/0001); only the newest
MOST_RANKED matches are ranked, and only the posts of the page shown are fetched.
modelsearch still builds the tsquery and the rank expression, so both agree on what
matches and how it scores.

XXX: relies on modelsearch's PostgreSQL query compiler (pinned in pyproject.toml);
``tests/test_search_page.py`` runs on PostgreSQL in the PostgreSQL run of the suite.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db.models import BooleanField, Exists, F, IntegerField, OuterRef
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends import get_search_backend
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler

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
    """The post index entries whose title or body matches, and not ``exclude``: read
    through one GIN index, each entry checked on its own row."""
    document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    entries = _index_entries().alias(document=document).filter(document=_tsquery(search_query))
    if exclude is not None:
        entries = entries.exclude(document=_tsquery(exclude))
    return entries


def ids_matching(search_query):
    """The ids of the posts matching ``search_query``, unranked."""
    return _matching(search_query).values(post_id=Cast("object_id", IntegerField()))


class RankedPosts(ranking.RankedPosts):
    """The posts of ``posts`` matching ``search_query``, best first (ranking.RankedPosts)."""

    def __init__(self, posts, search_query, *, exclude=None):
        self.search_query = search_query
        # Each match looked up by its post's key, so the filters (author, section, dates)
        # cost one index probe per match rather than a pass over the archive.
        allowed = Exists(posts.order_by().filter(pk=Cast(OuterRef("object_id"), IntegerField())))
        super().__init__(posts, _matching(search_query, exclude=exclude).filter(allowed))

    def ranked(self, matches, newest):
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
        return (
            _index_entries()
            .filter(pk__in=newest)
            .annotate(title_match=title_match, score=score)
            .order_by("-title_match", "-score", "-pk")
        )
