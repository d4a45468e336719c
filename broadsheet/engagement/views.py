"""The like button's form target and the view beacon."""

import base64

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from broadsheet.blog.models import PostPage
from broadsheet.core.origin import same_origin_required
from broadsheet.engagement import readers
from broadsheet.engagement.services import like_add
from broadsheet.engagement.tasks import record_view

# A transparent 1x1 GIF, the smallest image every browser shows without complaint.
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


# Checked by origin, not by a token: the button sits on pages that caches share.
@never_cache
@require_POST
@same_origin_required
def like_post(request, slug):
    """A plain form post, no JavaScript: count the like, then back to the button (PRG)."""
    post = get_object_or_404(PostPage.objects.published(), slug=slug)
    day = readers.today()
    like_add(
        post_id=post.pk,
        reader_hash=readers.request_reader_hash(request, post_id=post.pk, day=day),
        address_hash=readers.request_address_hash(request, post_id=post.pk, day=day),
        day=day,
    )
    # Thanked whether or not it counted: telling a second reader behind the same address
    # and browser "already liked" would tell them what the first one did.
    return HttpResponseRedirect(f"{post.url}?liked=1#like")


def _counts_as_a_view(request) -> bool:
    if readers.is_bot(request.headers.get("User-Agent", "")):
        return False
    # Browsers say where an image is shown from; one embedded on another site is no read.
    return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"


# Why a beacon: the post page must not write while it renders (it may be served from a
# browser's cache, and reads must stay cheap), yet a view should count only when a browser
# shows the page. The post page carries <img src=".../seen.gif">: a request of its own,
# made by browsers whichever cache the page came from, and by few crawlers (most fetch
# HTML only, and those that fetch images mostly say what they are). No JavaScript, so no
# script-src exception; same origin, so img-src 'self' allows it. This view answers at
# once and leaves the counting to a task; the only database work here is finding the post
# (and, with django-tasks-db, queueing the task).
@never_cache
@require_GET
def seen_beacon(request, slug):
    post_id = PostPage.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
    if post_id is None:
        raise Http404("No published post has this address.")
    if _counts_as_a_view(request):
        day = readers.today()
        record_view.enqueue(
            post_id=post_id,
            day=day.isoformat(),
            reader_hash=readers.request_reader_hash(request, post_id=post_id, day=day),
        )
    return HttpResponse(PIXEL_GIF, content_type="image/gif")
