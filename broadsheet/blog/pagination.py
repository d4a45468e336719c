"""Pages of posts, newest first, at ``?page=N``: each found from where it starts.

Django's paginator finds page N by counting past the posts of every page before it
(``OFFSET``), and counts the whole list for every page: the last page of a 100,000-post
archive costs a scan of the archive. Here the first post of every page is found once
per list (one pass, with a window function) and remembered between purges
(``core.memo``); a page is then the ``per_page`` posts from its first one on, read
straight from the date index, however deep it is.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Window
from django.db.models.fields.tuple_lookups import Tuple, TupleLessThanOrEqual
from django.db.models.functions import Mod, RowNumber
from django.http import Http404
from django.utils.functional import cached_property

from broadsheet.core.memo import remember

POSTS_PER_PAGE = 12
NEWEST_FIRST = ("-date", "-pk")


def page_starts(posts, per_page: int) -> list[tuple]:
    """``(date, pk)`` of the first post of each page of ``posts``, newest first."""
    numbered = posts.annotate(
        position=Window(RowNumber(), order_by=[F("date").desc(), F("pk").desc()])
    )
    firsts = numbered.alias(place=Mod(F("position") - 1, per_page)).filter(place=0)
    return list(firsts.order_by(*NEWEST_FIRST).values_list("date", "pk"))


class KeysetPaginator(Paginator):
    """A paginator over posts newest first that reads a page from its first post on."""

    def __init__(self, posts, per_page, *, starts, count):
        super().__init__(posts.order_by(*NEWEST_FIRST), per_page)
        self.starts = starts
        self._count = count

    @cached_property
    def count(self):
        return self._count

    def page(self, number):
        number = self.validate_number(number)
        if not self.starts:
            return self._get_page([], number, self)
        # (date, pk) <= (start): a row comparison, which both databases answer by seeking
        # the date index; spelt with OR, SQLite read it from the newest post down.
        from_start = self.object_list.filter(
            TupleLessThanOrEqual(Tuple(F("date"), F("pk")), self.starts[number - 1])
        )
        return self._get_page(list(from_start[: self.per_page]), number, self)


def paginate(request, items, per_page=POSTS_PER_PAGE, *, listing=None):
    """Page ``?page=`` of ``items``: a non-number gives page 1, a page past the end a 404.

    With ``listing`` (its name for the page cache, ``blog.cache_tags``), ``items`` are
    posts shown newest first, paged by their dates (``KeysetPaginator``); without, any
    list, paged by counting (search results, ranked by relevance).
    """
    if listing is None:
        paginator = Paginator(items, per_page)
    else:
        starts = remember(f"page-starts:{listing}:{per_page}", lambda: page_starts(items, per_page))
        count = remember(f"count:{listing}", items.count)
        paginator = KeysetPaginator(items, per_page, starts=starts, count=count)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404("No such page of posts.") from exc
