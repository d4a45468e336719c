from django import template

from broadsheet.comments.forms import CommentForm
from broadsheet.comments.selectors import comment_thread_context
from broadsheet.comments.thread_html import thread_html

register = template.Library()


@register.simple_tag
def comment_thread(nodes, post_url):
    """``{% comment_thread comments post_url %}``: the approved thread (thread_html.py)."""
    return thread_html(nodes, post_url=post_url)


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, post, form=None):
    """The comments under ``post``: its approved thread, their count and the form.

    ``form`` is a bound form to show again with its errors (``comments.views.comment_post``
    passes it); without one, a blank form, replying where ``?reply=`` says.
    """
    request = context["request"]
    # A template names a form its context may lack: Django then passes "" for it.
    form = form if isinstance(form, CommentForm) else None
    return {"page": post, **comment_thread_context(request, post=post, form=form)}
