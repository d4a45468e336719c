"""The moderation queue: filter, page through, and act on one comment or many at once."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from broadsheet.comments.models import Comment
from broadsheet.comments.services import comments_delete_pending_from_address, comments_moderate

MODERATION_ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
}
PER_PAGE = 50
# What the queue lists by default, and the other views a moderator may pick.
STATUS_FILTERS = {
    "pending": ("Awaiting moderation", Q(status=Comment.Status.PENDING)),
    "spam": ("Spam", Q(status=Comment.Status.SPAM)),
    "rejected": ("Rejected", Q(status=Comment.Status.REJECTED)),
    "approved": ("Approved", Q(status=Comment.Status.APPROVED)),
    "all": ("All", Q()),
}


def can_moderate(user):
    return user.has_perm("comments.change_comment")


def _require_moderator(request):
    if not can_moderate(request.user):
        raise PermissionDenied


def _filtered_comments(params):
    """The comments the queue's filters select, and the filters as understood."""
    status = params.get("status") if params.get("status") in STATUS_FILTERS else "pending"
    comments = Comment.objects.filter(STATUS_FILTERS[status][1])
    address = params.get("address", "")
    if address:
        comments = comments.filter(author_address_hash=address)
    post_id = params.get("post", "")
    if post_id.isdigit():
        comments = comments.filter(post_id=int(post_id))
    else:
        post_id = ""
    query = params.get("q", "").strip()
    if query:
        comments = comments.filter(
            Q(body__icontains=query) | Q(author_name__icontains=query) | Q(author_email=query)
        )
    filters = {"status": status, "address": address, "post": post_id, "q": query}
    return comments, filters


def moderation_queue(request):
    _require_moderator(request)
    comments, filters = _filtered_comments(request.GET)
    comments = comments.select_related("post", "parent").order_by("created_at", "pk")
    page = Paginator(comments, PER_PAGE).get_page(request.GET.get("page"))
    # How many pending comments each listed address sent: a flood shows at a glance.
    addresses = {c.author_address_hash for c in page if c.author_address_hash}
    pending_by_address = dict(
        Comment.objects.pending()
        .filter(author_address_hash__in=addresses)
        .values_list("author_address_hash")
        .annotate(count=Count("pk"))
    )
    for comment in page:
        comment.pending_from_address = pending_by_address.get(comment.author_address_hash, 0)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "comments": page.object_list,
        "filters": filters,
        "status_choices": [(key, label) for key, (label, _) in STATUS_FILTERS.items()],
        "page_query": query.urlencode(),
        "here": request.get_full_path(),
    }
    if filters["address"]:
        context["address_pending"] = (
            Comment.objects.pending().filter(author_address_hash=filters["address"]).count()
        )
    return TemplateResponse(request, "comments/admin/moderation_queue.html", context)


def _back(request):
    """Back to the queue as the moderator left it: same filters, same page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("comments_moderation")


def _done_message(count, status):
    label = Comment.Status(status).label.lower()
    return f"{count} comment{'s' if count != 1 else ''} marked {label}."


@require_POST
def moderate_comment(request, pk):
    _require_moderator(request)
    comment = get_object_or_404(Comment, pk=pk)
    status = MODERATION_ACTIONS.get(request.POST.get("action"))
    if status is None:
        messages.error(request, "Choose approve, reject or spam.")
    else:
        comments_moderate(comment_ids=[comment.pk], status=status)
        messages.success(
            request,
            f"Comment by {comment.author_name} marked {Comment.Status(status).label.lower()}.",
        )
    return _back(request)


@require_POST
def moderate_selected(request):
    _require_moderator(request)
    status = MODERATION_ACTIONS.get(request.POST.get("action"))
    ids = [int(pk) for pk in request.POST.getlist("comment") if pk.isdigit()]
    if status is None:
        messages.error(request, "Choose approve, reject or spam.")
    elif not ids:
        messages.error(request, "Tick the comments to act on first.")
    else:
        changed = comments_moderate(comment_ids=ids, status=status)
        messages.success(request, _done_message(changed, status))
    return _back(request)


@require_POST
def delete_pending_from_address(request):
    _require_moderator(request)
    deleted = comments_delete_pending_from_address(address_hash=request.POST.get("address", ""))
    messages.success(
        request,
        f"{deleted} pending comment{'s' if deleted != 1 else ''} from that address deleted.",
    )
    return redirect(reverse("comments_moderation"))
