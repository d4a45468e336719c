"""The writer's way into the admin: New post in the menu and on the dashboard, the
posts list, drafts left behind, authors made from the chooser, autosave kept quiet."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from broadsheet.blog.models import BlogIndexPage, PostPage
from broadsheet.editor import selectors
from broadsheet.editor.authors import AuthorViewSet
from broadsheet.editor.listing import PostListingViewSet

# How many stale drafts the dashboard names; the rest are one click away.
DASHBOARD_STALE_DRAFTS = 5

post_listing_viewset = PostListingViewSet()
register_snippet(AuthorViewSet)


@hooks.register("register_admin_viewset")
def register_post_listing():
    return post_listing_viewset


def _can_write_posts(request) -> bool:
    index = BlogIndexPage.objects.first()
    if index is None:
        return request.user.is_superuser
    return index.permissions_for_user(request.user).can_add_subpage()


class NewPostMenuItem(MenuItem):
    def is_shown(self, request):
        return _can_write_posts(request)


@hooks.register("register_admin_menu_item")
def register_new_post_menu_item():
    return NewPostMenuItem(
        "New post",
        reverse(post_listing_viewset.get_url_name("new")),
        icon_name="plus",
        order=0,
    )


class WritingPanel(Component):
    """First on the dashboard: New post, the posts list, and drafts left behind."""

    name = "writing"
    order = 10
    template_name = "editor/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        stale = selectors.stale_drafts(now=timezone.now())
        posts_url = reverse(post_listing_viewset.get_url_name("index"))
        return {
            "new_post_url": reverse(post_listing_viewset.get_url_name("new")),
            "posts_url": posts_url,
            "drafts_url": f"{posts_url}?status=draft",
            "stale_url": f"{posts_url}?status=stale",
            "draft_count": selectors.posts_drafts(PostPage.objects.all()).count(),
            "stale_drafts": stale[:DASHBOARD_STALE_DRAFTS],
            "stale_count": stale.count(),
            "stale_days": selectors.STALE_DRAFT_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_writing_panel(request, panels):
    if _can_write_posts(request):
        panels.insert(0, WritingPanel(request))


@hooks.register("insert_editor_js")
def autosave_quiet_js():
    return format_html('<script src="{}"></script>', versioned_static("editor/autosave.js"))


@hooks.register("insert_global_admin_css")
def editor_css():
    return format_html('<link rel="stylesheet" href="{}">', versioned_static("editor/editor.css"))
