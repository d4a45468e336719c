from django import template
from django.utils.safestring import mark_safe

from broadsheet.pagecache.dependencies import depends_on as declare
from broadsheet.pagecache.fragments import fragment_render

register = template.Library()


@register.simple_tag(name="depends_on")
def depends_on_tag(kind, *ids):
    """``{% depends_on "comments" page.pk %}``: this part of the page shows that data."""
    declare(*(f"{kind}:{pk}" for pk in ids) if ids else (kind,))
    return ""


@register.tag
def fragment(parser, token):
    """``{% fragment "name" id ... %}...{% endfragment %}``: kept on its own (fragments.py)."""
    name, *ids = token.split_contents()[1:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(name), [parser.compile_filter(i) for i in ids]
    )


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, ids):
        self.nodelist = nodelist
        self.name = name
        self.ids = ids

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        ids = [i.resolve(context) for i in self.ids]
        html = fragment_render(
            request, self.name.resolve(context), ids, lambda: self.nodelist.render(context)
        )
        # Rendered or read back, it is the template's own output: escaped when made.
        return mark_safe(html)  # noqa: S308
