"""The like button's form target, and the view beacon where nothing answers it first."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from broadsheet.blog.models import PostPage
from broadsheet.core.origin import same_origin_required
from broadsheet.engagement import readers
from broadsheet.engagement.beacon import PIXEL_GIF, beacon_seen
from broadsheet.engagement.services import like_add
from broadsheet.engagement.view_counter import view_counter


# Checked by origin, not by a token: the button sits on pages that caches share.
@never_cache
@require_POST
@same_origin_required
def like_post(request, slug):
    """A plain form post, no JavaScript: count the like, then back to the button (PRG)."""
    post = get_object_or_404(PostPage.objects.published(), slug=slug)
    day = readers.today()
    counted = like_add(
        post_id=post.pk,
        reader_hash=readers.request_reader_hash(request, post_id=post.pk, day=day),
        address_hash=readers.request_address_hash(request, post_id=post.pk, day=day),
        day=day,
    )
    if counted:
        view_counter.like_counted(post.pk)
    # Thanked whether or not it counted: telling a second reader behind the same address
    # and browser "already liked" would tell them what the first one did.
    return HttpResponseRedirect(f"{post.url}?liked=1#like")


@never_cache
@require_GET
def seen_beacon(request, post_id):
    """The beacon where no BeaconApp stands in front of Django (see beacon.py)."""
    beacon_seen(request.META, post_id)
    response = HttpResponse(PIXEL_GIF, content_type="image/gif")
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
