"""The Wagtail admin under Broadsheet's Content-Security-Policy.

The admin is served with the same strict policy as the public site (``SECURE_CSP`` in
``broadsheet/settings/base.py``: scripts from our own origin or with the request's
nonce, never inline). Wagtail initialises a few widgets with inline ``<script>``
elements; they are replaced by inert ``<template data-broadsheet-init>`` markers that
``admin_csp/admin-csp.js`` acts on. See that file for the marker's format.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser


@hooks.register("insert_global_admin_js")
def admin_csp_js():
    return format_html('<script src="{}"></script>', versioned_static("admin_csp/admin-csp.js"))


def _init_marker(name, *, id_=None, options=None):
    attrs = format_html(' data-broadsheet-init="{}"', name)
    if id_ is not None:
        attrs += format_html(' data-broadsheet-id="{}"', id_)
    if options is not None:
        attrs += format_html(' data-broadsheet-options="{}"', json.dumps(options))
    return format_html("<template{}></template>", attrs)


_wagtail_chooser_render = BaseChooser.render


def _chooser_init_call(chooser, *, id_, name, value_data):
    """What Wagtail's inline script for this chooser calls, or None where we do not know."""
    if isinstance(chooser, AdminTaskChooser):
        return {"name": "createTaskChooser", "id_": id_}
    if type(chooser).render_js_init is BaseChooser.render_js_init:
        options = chooser.get_js_init_options(id_, name, value_data)
        return {"name": chooser.js_constructor, "id_": id_, "options": options}
    return None


def _chooser_render(self, name, value, attrs=None, renderer=None):
    """A chooser's HTML followed by an init marker instead of Wagtail's inline script.

    XXX: ``BaseChooser.render`` appends ``<script>new SnippetChooser(id, options)</script>``
    in Python, where no template can be overridden; this writes the same call as a marker
    for admin_csp/admin-csp.js. A chooser whose script we do not know keeps Wagtail's rendering,
    and the browser tests report its CSP violation on the pages they visit.
    """
    id_ = (attrs or {}).get("id")
    value_data = self.get_value_data(value) if id_ else None
    call = id_ and _chooser_init_call(self, id_=id_, name=name, value_data=value_data)
    if not call:
        # Including a missing id, for which Wagtail's own render raises a helpful error.
        return _wagtail_chooser_render(self, name, value, attrs, renderer)
    # Wagtail's own widget HTML, rendered by its template with autoescaping on.
    widget_html = mark_safe(self.render_html(name, value_data, attrs))  # noqa: S308 -- see above
    return format_html("{}{}", widget_html, _init_marker(**call))


BaseChooser.render = _chooser_render
