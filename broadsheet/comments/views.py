from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from broadsheet.blog.models import PostPage
from broadsheet.blog.seo import PageMeta
from broadsheet.comments import notifications
from broadsheet.comments.forms import CommentForm
from broadsheet.comments.limits import comment_limits_check
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.notifications import email_from_stop_token
from broadsheet.comments.services import comment_create
from broadsheet.core.database import is_database_busy
from broadsheet.core.origin import same_origin_required
from broadsheet.pagecache.dependencies import never_keep

DATABASE_BUSY = (
    "The site is busy saving something else and could not take your comment just now. "
    "Nothing was lost: your text is kept below. Please send it again in a minute."
)
DATABASE_BUSY_RETRY_AFTER = 30


def _form_again(request, post, form, *, status, message=None, retry_after=None):
    """The post page with the reader's form as they sent it, and what went wrong.

    It holds one reader's text: never kept by the page cache, whatever its status.
    """
    never_keep()
    if message:
        form.add_error(None, message)
    context = {**post.get_context(request), "comment_form": form}
    response = TemplateResponse(request, post.get_template(request), context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# Checked by origin, not by a token: the form sits on pages that caches share.
@never_cache
@require_POST
@same_origin_required
def comment_post(request, slug):
    post = get_object_or_404(PostPage.objects.published(), slug=slug)
    form = CommentForm(request.POST, post=post)
    if form.is_spam_trap_filled():
        # Answer a bot as if all went well, and keep nothing.
        return HttpResponseRedirect(f"{post.url}?comment=pending#comments")
    if not form.is_valid():
        return _form_again(request, post, form, status=400)
    refusal = comment_limits_check(
        request, post=post, settings=CommentSettings.for_request(request)
    )
    if refusal is not None:
        return _form_again(
            request,
            post,
            form,
            status=429,
            message=refusal.message,
            retry_after=refusal.retry_after,
        )
    try:
        # Its own transaction: a locked database is answered below, not left half-done.
        with transaction.atomic():
            comment = comment_create(
                post=post,
                request=request,
                author_name=form.cleaned_data["author_name"],
                author_email=form.cleaned_data["author_email"],
                body=form.cleaned_data["body"],
                parent=form.cleaned_data["parent"],
                notify_replies=form.cleaned_data["notify_replies"],
            )
    except Exception as error:
        # SQLite waited its busy timeout (20 s) for another writer and gave up.
        if not is_database_busy(error):
            raise
        return _form_again(
            request,
            post,
            form,
            status=503,
            message=DATABASE_BUSY,
            retry_after=DATABASE_BUSY_RETRY_AFTER,
        )
    if comment.status == Comment.Status.APPROVED:
        return HttpResponseRedirect(f"{post.url}?comment=published#comment-{comment.pk}")
    return HttpResponseRedirect(f"{post.url}?comment=pending#comments")


# The link in every reply email, and mail clients' one-click button (RFC 8058) POSTing
# "List-Unsubscribe=One-Click" from their own servers: the signed comment in the link is
# the whole authority, so neither a token nor an origin is asked for. A GET (a reader's
# click, a mail scanner) only shows the button.
@never_cache
@csrf_exempt
def replies_stop(request, token):
    email = email_from_stop_token(token)
    if not email:
        raise Http404("This link does not work.")
    if request.method == "POST":
        notifications.replies_stop(email=email)
        stopped = True
    elif request.method in ("GET", "HEAD"):
        stopped = False
    else:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    return TemplateResponse(
        request,
        "comments/replies_stop.html",
        {"seo": PageMeta(title="Reply emails", description="Reply emails"), "stopped": stopped},
    )
