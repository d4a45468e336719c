"""A new post starts as its writer's: their author profile, made from their account."""

import pytest

from broadsheet.blog.models import Author
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def _new_post_form(client, index):
    return client.get(f"/admin/pages/add/blog/postpage/{index.pk}/").context["form"]


def test_a_writer_without_a_profile_gets_one_named_after_them(admin_client, admin_user, blog_index):
    admin_user.first_name, admin_user.last_name = "Lina", "Haddad"
    admin_user.save()

    form = _new_post_form(admin_client, blog_index)

    author = Author.objects.get(user=admin_user)
    assert author.name == "Lina Haddad"
    assert author.slug == "lina-haddad"
    assert form.initial["author"] == author.pk


def test_the_profile_is_made_once(admin_client, admin_user, blog_index):
    _new_post_form(admin_client, blog_index)
    _new_post_form(admin_client, blog_index)

    assert Author.objects.filter(user=admin_user).count() == 1


def test_a_writer_with_a_profile_gets_theirs_and_a_namesake_keeps_the_slug(
    admin_client, admin_user, blog_index
):
    factories.author("admin", slug="admin")  # Someone else's profile, same name.

    form = _new_post_form(admin_client, blog_index)

    mine = Author.objects.get(user=admin_user)
    assert mine.slug == "admin-2"
    assert form.initial["author"] == mine.pk


def test_an_existing_post_keeps_its_author(admin_client, admin_user, blog_index):
    post = factories.post("Talks resume", author=factories.author("Omar Said"))

    form = admin_client.get(f"/admin/pages/{post.pk}/edit/").context["form"]

    assert form.initial["author"] == post.author_id
    assert not Author.objects.filter(user=admin_user).exists()
