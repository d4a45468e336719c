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
from broadsheet.comments.models import Comment
from broadsheet.comments.notifications import email_from_stop_token
from broadsheet.comments.services import comment_create
from broadsheet.core.origin import same_origin_required


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
        context = {**post.get_context(request), "comment_form": form}
        return TemplateResponse(request, post.get_template(request), context, status=400)
    comment = comment_create(
        post=post,
        request=request,
        author_name=form.cleaned_data["author_name"],
        author_email=form.cleaned_data["author_email"],
        body=form.cleaned_data["body"],
        parent=form.cleaned_data["parent"],
        notify_replies=form.cleaned_data["notify_replies"],
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
