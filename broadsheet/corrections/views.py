"""Reader pages: every correction, newest first, and what changed with each."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from broadsheet.blog import cache_tags as blog_cache_tags
from broadsheet.blog.pagination import paginate
from broadsheet.blog.seo import listing_meta
from broadsheet.core.caching import public_cache
from broadsheet.corrections import cache_tags
from broadsheet.corrections.diff import revisions_diff
from broadsheet.corrections.models import Correction
from broadsheet.pagecache.dependencies import depends_on

CORRECTIONS_PER_PAGE = 20
LIST_TITLE = "Corrections"
LIST_DESCRIPTION = "Every correction to our published posts, newest first."


@public_cache
def correction_list(request):
    corrections = Correction.objects.shown().filter(kind=Correction.Kind.CORRECTION)
    page = paginate(request, corrections.select_related("post"), per_page=CORRECTIONS_PER_PAGE)
    depends_on(cache_tags.CORRECTIONS)
    for correction in page:
        depends_on(blog_cache_tags.post(correction.post_id))
    meta = listing_meta(
        request, title=LIST_TITLE, description=LIST_DESCRIPTION, page_number=page.number
    )
    return TemplateResponse(
        request,
        "corrections/correction_list.html",
        {"corrections": page, "seo": meta, "description": LIST_DESCRIPTION},
    )


@public_cache
def correction_changes(request, pk):
    """The post as published before the note and as published with it, words marked."""
    shown = Correction.objects.shown().select_related("post", "revision", "previous_revision")
    correction = get_object_or_404(
        shown, pk=pk, revision__isnull=False, previous_revision__isnull=False
    )
    post = correction.post
    depends_on(cache_tags.CORRECTIONS, blog_cache_tags.post(post.pk))
    title = f"What changed: {post.title}"
    meta = listing_meta(
        request,
        title=title,
        description=f"{correction.get_kind_display()}: {correction.note}",
        page_number=1,
        trail=((post.title, post.url), ("What changed", request.path)),
    )
    return TemplateResponse(
        request,
        "corrections/changes.html",
        {
            "correction": correction,
            "post": post,
            "paragraphs": revisions_diff(correction.previous_revision, correction.revision),
            "seo": meta,
        },
    )
