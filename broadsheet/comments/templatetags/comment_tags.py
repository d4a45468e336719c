from django import template

from broadsheet.comments.text import render_comment_body

register = template.Library()


@register.filter
def comment_html(text):
    return render_comment_body(text)
