"""Editors make stories under Snippets, and put a post in them from its edit form."""

import pytest
from django.urls import reverse

from broadsheet.blog.tests import factories as blog
from broadsheet.corrections.tests.admin_forms import SAVE_DRAFT, edit_form_url, edit_post
from broadsheet.stories.models import Story, StoryPost
from broadsheet.stories.tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = reverse("wagtailsnippets_stories_story:add")
LIST_URL = reverse("wagtailsnippets_stories_story:list")


def test_editor_creates_a_story_in_snippets(admin_client):
    response = admin_client.post(
        ADD_URL,
        {
            "title": "Iran–Russia relations",
            "slug": "iran-russia",
            "summary": "Tehran and Moscow.",
            "description": '{"blocks": [], "entityMap": {}}',
            "is_open": "on",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    story = Story.objects.get()
    assert (story.title, story.slug, story.is_open) == (
        "Iran–Russia relations",
        "iran-russia",
        True,
    )
    listing = admin_client.get(LIST_URL).text
    assert "Iran–Russia relations" in listing


def test_story_with_a_cover_needs_its_description(admin_client):
    picture = blog.image()

    response = admin_client.post(
        ADD_URL, {"title": "Drought", "slug": "drought", "cover_image": picture.pk}
    )

    assert response.status_code == 200
    assert "Describe the cover picture" in response.text
    assert not Story.objects.exists()


def test_stories_are_searched_by_title(admin_client):
    factories.story("Nuclear talks")
    factories.story("Arctic shipping")

    found = admin_client.get(LIST_URL, {"q": "arctic"}).text

    assert "Arctic shipping" in found
    assert "Nuclear talks" not in found


def _memberships(story):
    return {"story_memberships-TOTAL_FORMS": "1", "story_memberships-0-story": str(story.pk)}


def test_post_form_offers_its_stories_without_an_inline_script(admin_client, blog_index):
    post = blog.post("Round 1")

    html = admin_client.get(edit_form_url(post)).text

    assert "Stories" in html
    assert 'data-broadsheet-init="MultipleChooserPanel"' in html
    assert "new MultipleChooserPanel" not in html


def test_publishing_a_post_with_a_story_puts_it_on_the_timeline(admin_client, client, blog_index):
    story = factories.story("Nuclear talks", slug="talks")
    factories.post_in(story, "Round 1")
    post = blog.post("Round 2")

    response = edit_post(admin_client, post, paragraphs=["Talks resumed."], **_memberships(story))

    assert response.status_code == 302
    assert StoryPost.objects.filter(story=story, post=post).exists()
    assert "Round 2" in client.get("/story/talks/").text


def test_a_story_saved_with_a_draft_waits_for_publication(admin_client, client, blog_index):
    story = factories.story("Nuclear talks", slug="talks")
    factories.post_in(story, "Round 1")
    post = blog.post("Round 2")

    edit_post(
        admin_client, post, paragraphs=["Talks resumed."], action=SAVE_DRAFT, **_memberships(story)
    )

    assert "Round 2" not in client.get("/story/talks/").text
    # The editor finds it on the form again, and publishing it adds it.
    assert f'value="{story.pk}"' in admin_client.get(edit_form_url(post)).text
