"""New post: one click from the menu or the dashboard to the post form under the blog index."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from broadsheet.blog.models import BlogIndexPage, HomePage

pytestmark = pytest.mark.django_db


def test_new_post_opens_the_post_form_under_the_blog_index(admin_client, blog_index):
    response = admin_client.get("/admin/posts/new/", follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/pages/add/blog/postpage/{blog_index.pk}/"
    assert response.status_code == 200
    assert response.context["parent_page"].pk == blog_index.pk


def test_the_menu_and_the_dashboard_offer_new_post(admin_client, blog_index):
    html = admin_client.get("/admin/").content.decode()

    # The sidebar's menu is rendered from JSON props; the dashboard panel as HTML.
    assert '"New post"' in html or "New post</span>" in html
    assert 'href="/admin/posts/new/"' in html
    assert 'href="/admin/posts/"' in html


def test_a_fresh_install_gets_its_blog_index_from_the_first_new_post(admin_client):
    # Wagtail's own "Welcome" page is all a new install has.
    assert not BlogIndexPage.objects.exists()

    response = admin_client.get("/admin/posts/new/")

    index = BlogIndexPage.objects.get()
    assert isinstance(index.get_parent().specific, HomePage)
    assert response["Location"] == f"/admin/pages/add/blog/postpage/{index.pk}/"


def _editor_without_page_rights(django_user_model):
    user = django_user_model.objects.create_user("reader", password="password")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_an_account_that_may_not_add_posts_is_refused_and_not_offered(
    client, django_user_model, blog_index
):
    client.force_login(_editor_without_page_rights(django_user_model))

    # Wagtail's admin answers a refusal with the dashboard and "Sorry, you do not have
    # permission", not the form.
    assert client.get("/admin/posts/new/")["Location"] == "/admin/"
    assert 'href="/admin/posts/new/"' not in client.get("/admin/").content.decode()


def test_an_editor_allowed_under_the_blog_index_is_offered_new_post(
    client, django_user_model, blog_index
):
    user = _editor_without_page_rights(django_user_model)
    GroupPagePermission.objects.create(
        group=user.groups.get(),
        page=Page.objects.get(pk=blog_index.pk),
        permission=Permission.objects.get(codename="add_page"),
    )
    client.force_login(user)

    assert 'href="/admin/posts/new/"' in client.get("/admin/").content.decode()
    response = client.get("/admin/posts/new/")
    assert response["Location"] == f"/admin/pages/add/blog/postpage/{blog_index.pk}/"
