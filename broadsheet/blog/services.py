"""Writes that shape the blog: its page tree, and publishing a post."""

from django.db import transaction
from wagtail.models import Page, Site

from broadsheet.blog.models import BlogIndexPage, HomePage, PostPage


@transaction.atomic
def site_structure_ensure(*, site_name: str = "Broadsheet") -> BlogIndexPage:
    """Make sure there is a home page serving the default site and a blog index under it.

    Replaces Wagtail's placeholder "Welcome" page on a new install; leaves an
    existing structure alone.
    """
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
        if placeholder is not None:
            placeholder.slug = "home-placeholder"
            placeholder.save()
        home = root.add_child(instance=HomePage(title=site_name, slug="home"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=site_name,
            )
        else:
            site.root_page = home
            site.site_name = site.site_name or site_name
            site.save()
        if placeholder is not None:
            placeholder.delete()
    index = BlogIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=BlogIndexPage(title="All posts", slug="blog"))
    return index


def post_publish(*, post: PostPage, user=None) -> PostPage:
    """Publish the post's current state, keeping its own publication date as first published."""
    revision = post.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    post.refresh_from_db()
    if post.first_published_at != post.date:
        PostPage.objects.filter(pk=post.pk).update(first_published_at=post.date)
        post.first_published_at = post.date
    return post
