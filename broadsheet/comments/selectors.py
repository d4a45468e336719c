"""Reads of comments that the post page and the admin share."""

from dataclasses import dataclass, field

from wagtail.models import Site

from broadsheet.comments.forms import CommentForm
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.core.memo import remember_site_wide

# How many levels the post page nests: a comment and three levels of replies. Deeper
# replies are shown at the last level, after the reply they answer, saying whom they
# answer; the thread itself keeps every level.
SHOWN_DEPTH = 4


@dataclass
class ShownComment:
    """A comment as the thread shows it: its replies nested below it, and for a reply
    shown beside the one it answers (being deeper than the page nests), whom it answers."""

    comment: Comment
    replies: list["ShownComment"] = field(default_factory=list)
    in_reply_to: Comment | None = None


def approved_thread(post) -> list[ShownComment]:
    """The post's approved comments, oldest first, nested to SHOWN_DEPTH levels.

    A reply whose parent is not shown (waiting for a moderator, or rejected) is not
    shown either: it would answer nothing a reader can see.
    """
    comments = list(Comment.objects.approved().conversation().filter(post=post))
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def shown(comment: Comment, depth: int) -> ShownComment:
        node = ShownComment(comment)
        if depth < SHOWN_DEPTH - 2:
            node.replies = [shown(reply, depth + 1) for reply in children.get(comment.pk, [])]
        else:
            # The last level: every reply below, in thread order.
            _flattened_into(node.replies, comment, children, shown_under=comment)
        return node

    return [shown(comment, 0) for comment in children.get(None, [])]


def _flattened_into(
    shown: list[ShownComment], comment: Comment, children, *, shown_under: Comment
) -> None:
    """Every reply below ``comment``, in thread order; those that answer another reply
    than the comment they are shown under say whom they answer."""
    for reply in children.get(comment.pk, []):
        answered = comment if comment is not shown_under else None
        shown.append(ShownComment(reply, in_reply_to=answered))
        _flattened_into(shown, reply, children, shown_under=shown_under)


def approved_mentions(post):
    """Approved notices of other sites linking to the post (pingbacks, trackbacks)."""
    return list(Comment.objects.approved().link_notices().filter(post=post))


def _every(thread: list[ShownComment]):
    for node in thread:
        yield node.comment
        yield from _every(node.replies)


def _reply_target(request, thread, form):
    """The comment being answered: from the form on a re-shown form, else ``?reply=``."""
    wanted = form.data.get("parent") if form is not None else request.GET.get("reply")
    return next((comment for comment in _every(thread) if str(comment.pk) == wanted), None)


def _publish_immediately(request) -> bool:
    site = Site.find_for_request(request)
    if site is None:
        return False
    # Its change purges every page (comments.signals): remembered until then.
    return remember_site_wide(
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
        "comment_count": sum(1 for _ in _every(thread)),
        "mentions": approved_mentions(post),
        "comment_form": form,
        "reply_to": reply_to,
        "comment_status": request.GET.get("comment"),
        "publish_immediately": _publish_immediately(request),
    }
