from django.shortcuts import render
from django.views.decorators.cache import never_cache

from broadsheet.blog.pagination import paginate
from broadsheet.core.caching import set_public_cache
from broadsheet.search.forms import SearchFilterForm
from broadsheet.search.limits import (
    QUEUE_SECONDS,
    SearchBusy,
    SearchTooSlow,
    search_slot,
    time_limited,
)
from broadsheet.search.passages import highlight_pattern, matching_passage, post_text
from broadsheet.search.query import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, clean_query, parse_query
from broadsheet.search.selectors import posts_matching

# The answer depends on the address alone, so shared caches may keep it; briefly, since no
# purge reaches a search's countless addresses when a post is published.
SEARCH_SHARED_MAX_AGE = 60


def search(request):
    query_text, shortened = clean_query(request.GET.get("q", ""))
    query = parse_query(query_text)
    filter_form = SearchFilterForm(request.GET)
    filters = filter_form.filters()
    context = {
        "query_text": query_text,
        "shortened": shortened,
        "max_query_length": MAX_QUERY_LENGTH,
        "max_query_terms": MAX_QUERY_TERMS,
        "filter_form": filter_form,
        "posts": None,
    }
    if query or any(value is not None for value in filters.values()):
        try:
            with search_slot(), time_limited():
                posts = paginate(request, posts_matching(query, **filters))
                pattern = highlight_pattern(query.highlights)
                context["results"] = [
                    (post, matching_passage(post_text(post), pattern)) for post in posts
                ]
            context["posts"] = posts
        except (SearchBusy, SearchTooSlow) as refusal:
            return _refused(request, context, busy=isinstance(refusal, SearchBusy))
    response = render(request, "search/search.html", context)
    return set_public_cache(response, shared_max_age=SEARCH_SHARED_MAX_AGE)


@never_cache
def _refused(request, context, *, busy):
    """The form, kept as the reader filled it, and why there are no results this time."""
    response = render(
        request,
        "search/search.html",
        {**context, "refusal": "busy" if busy else "slow"},
        status=503,
    )
    response["Retry-After"] = str(QUEUE_SECONDS)
    return response
