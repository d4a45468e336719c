"""New post: the post form under the blog index, without a walk through the page tree."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from broadsheet.blog.models import BlogIndexPage, PostPage
from broadsheet.blog.services import site_structure_ensure


def new_post_url(index: BlogIndexPage) -> str:
    opts = PostPage._meta
    return reverse("wagtailadmin_pages:add", args=(opts.app_label, opts.model_name, index.pk))


def new_post(request):
    # One blog index a site (BlogIndexPage.max_count): posts are filed under it.
    index = BlogIndexPage.objects.first()
    if index is None and request.user.is_superuser:
        # A new install still shows Wagtail's welcome page: the first post sets the site
        # up (a home page, and its blog index), as an import or the demo would.
        index = site_structure_ensure()
    if index is None:
        messages.error(
            request,
            "There is no blog index page to file posts under yet: an administrator's "
            "first New post makes one.",
        )
        return redirect("wagtailadmin_home")
    if not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    return redirect(new_post_url(index))
