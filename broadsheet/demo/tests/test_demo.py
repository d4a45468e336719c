import pytest
from django.core.management import call_command

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.comments.models import Comment


@pytest.mark.django_db
def test_demo_makes_a_site_where_every_post_page_element_shows(client):
    call_command("demo", stdout=None)

    posts = PostPage.objects.published()
    assert posts.count() >= 5
    assert Author.objects.filter(posts__in=posts).distinct().count() >= 2
    assert Category.objects.filter(posts__in=posts).distinct().count() >= 2
    commented = posts.filter(comments__status=Comment.Status.APPROVED).distinct().first()
    assert commented is not None

    html = client.get(commented.url).content.decode()
    for element in ("min read", "<figcaption>", "<blockquote>", "Recent Posts", "See All"):
        assert element in html
    assert 'rel="tag"' in html
    assert 'rel="category"' in html
    assert "comment-replies" in html


@pytest.mark.django_db
def test_demo_run_twice_creates_nothing_the_second_time():
    call_command("demo")
    counts = (PostPage.objects.count(), Author.objects.count(), Comment.objects.count())

    call_command("demo")

    assert (PostPage.objects.count(), Author.objects.count(), Comment.objects.count()) == counts


@pytest.mark.django_db
def test_demo_has_a_story_whose_posts_show_what_came_before(client):
    call_command("demo", stdout=None)

    timeline = client.get("/story/rivers-borders-and-deals/").content.decode()
    river = client.get("/post/why-river-treaties-outlast-the-governments-that-sign-them/")

    assert "4 posts" in timeline
    assert "Previously in this story" in river.content.decode()
    assert "The quiet return of the grain corridor" in river.content.decode()
