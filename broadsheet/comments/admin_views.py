"""The moderation queue: pending comments with approve, reject and spam buttons."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from broadsheet.comments.models import Comment
from broadsheet.comments.services import comments_moderate

MODERATION_ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
}


def can_moderate(user):
    return user.has_perm("comments.change_comment")


def _require_moderator(request):
    if not can_moderate(request.user):
        raise PermissionDenied


def moderation_queue(request):
    _require_moderator(request)
    pending = Comment.objects.pending().select_related("post", "parent").order_by("created_at")
    return TemplateResponse(request, "comments/admin/moderation_queue.html", {"comments": pending})


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
    return redirect("comments_moderation")
