"""Reads of comments that the post page and the admin share."""

from django.db.models import Prefetch
from wagtail.models import Site

from broadsheet.comments.forms import CommentForm
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.core.memo import remember


def approved_thread(post):
    """Approved top-level comments, oldest first, each with its approved replies."""
    replies = Prefetch("replies", queryset=Comment.objects.approved(), to_attr="approved_replies")
    return list(
        Comment.objects.approved().filter(post=post, parent__isnull=True).prefetch_related(replies)
    )


def _reply_target(request, thread, form):
    """The comment being answered: from the form on a re-shown form, else ``?reply=``.

    Replies are one level deep, so answering a reply answers the comment it belongs to.
    """
    wanted = form.data.get("parent") if form is not None else request.GET.get("reply")
    for comment in thread:
        if wanted in {str(comment.pk), *(str(reply.pk) for reply in comment.approved_replies)}:
            return comment
    return None


def _publish_immediately(request) -> bool:
    site = Site.find_for_request(request)
    if site is None:
        return False
    # Its change purges every page (comments.signals): remembered until then.
    return remember(
        f"comments-publish-immediately:{site.pk}",
        lambda: CommentSettings.for_site(site).publish_immediately,
    )


def comment_thread_context(request, *, post, form=None):
    thread = approved_thread(post)
    reply_to = _reply_target(request, thread, form)
    if form is None:
        form = CommentForm(post=post, initial={"parent": reply_to.pk if reply_to else None})
    return {
        "comments": thread,
        "comment_count": len(thread) + sum(len(c.approved_replies) for c in thread),
        "comment_form": form,
        "reply_to": reply_to,
        "comment_status": request.GET.get("comment"),
        "publish_immediately": _publish_immediately(request),
    }
