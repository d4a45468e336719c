from django.shortcuts import render

from broadsheet.blog.models import paginate
from broadsheet.core.caching import set_public_cache
from broadsheet.search.forms import SearchFilterForm
from broadsheet.search.passages import highlight_pattern, matching_passage, post_text
from broadsheet.search.query import MAX_QUERY_LENGTH, clean_query, parse_query
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
        "filter_form": filter_form,
        "posts": None,
    }
    if query or any(value is not None for value in filters.values()):
        posts = paginate(request, posts_matching(query, **filters))
        pattern = highlight_pattern(query.highlights)
        context["posts"] = posts
        context["results"] = [(post, matching_passage(post_text(post), pattern)) for post in posts]
    response = render(request, "search/search.html", context)
    return set_public_cache(response, shared_max_age=SEARCH_SHARED_MAX_AGE)
