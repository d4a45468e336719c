"""The comments' place in the Wagtail admin: a moderation queue, a menu badge, a dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.comments import admin_views
from broadsheet.comments.models import Comment


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "All comments"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["author_name", "post", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["author_name", "body"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        # Each row names its post: one query for the page, not one a row.
        return Comment.objects.select_related("post")


register_snippet(CommentViewSet)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("comments/moderation/", admin_views.moderation_queue, name="comments_moderation"),
        path(
            "comments/moderation/<int:pk>/",
            admin_views.moderate_comment,
            name="comments_moderate",
        ),
        path(
            "comments/moderation/selected/",
            admin_views.moderate_selected,
            name="comments_moderate_selected",
        ),
        path(
            "comments/moderation/delete-pending-from-address/",
            admin_views.delete_pending_from_address,
            name="comments_delete_pending_from_address",
        ),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        # The item is built once per process; the count is read for each admin page.
        pending = Comment.objects.pending().count()
        if pending:
            component.label = f"{self.label} ({pending})"
        return component


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        "Comments to moderate",
        reverse("comments_moderation"),
        icon_name="comment",
        order=200,
    )


class PendingCommentsPanel(Component):
    name = "pending_comments"
    order = 50
    template_name = "comments/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "pending_count": Comment.objects.pending().count(),
            "moderation_url": reverse("comments_moderation"),
        }


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if admin_views.can_moderate(request.user):
        panels.append(PendingCommentsPanel())
