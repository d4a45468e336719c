"""Pages cost the same number of queries however many comments, posts or pictures they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.sections import MOST_SECTIONS
from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db


def _queries(client, url):
    """Queries of a second request: the first warms caches as any earlier reader would."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _add_comments_with_replies(post, count):
    for _ in range(count):
        factories.comment(post, parent=factories.comment(post))


def _add_posts(count, **fields):
    """Posts each with its own author, category and tags."""
    for _ in range(count):
        post = factories.post(author=factories.author(), category=factories.category(), **fields)
        post.tags.add(f"tag-{post.pk}", f"other-{post.pk}")
        post.save_revision().publish()


def test_post_page_with_thirty_comments_and_replies_costs_what_one_comment_does(client):
    post = factories.post(tags=["geneva"], category=factories.category())
    factories.comment(post)
    one_comment = _queries(client, post.url)

    _add_comments_with_replies(post, 30)

    assert _queries(client, post.url) == one_comment


def test_post_page_among_thirty_posts_costs_what_it_does_among_three(client):
    _add_posts(3)
    post = factories.post(tags=["geneva"], category=factories.category())
    among_three = _queries(client, post.url)

    _add_posts(27)

    assert _queries(client, post.url) == among_three


def test_post_page_with_five_pictures_costs_what_one_picture_does(client):
    def picture():
        return ("image", {"image": factories.image(), "alt_text": "A river", "caption": "A river"})

    one = factories.post("One picture", body=[picture()])
    five = factories.post("Five pictures", body=[picture() for _ in range(5)])

    assert _queries(client, five.url) == _queries(client, one.url)


def test_home_page_of_twelve_posts_costs_what_one_of_two_does_in_the_same_sections(client):
    sections = [factories.category(), factories.category()]
    for n in range(2):
        factories.post(category=sections[n % 2], tags=["geneva"])
    two = _queries(client, "/")

    for n in range(10):
        factories.post(category=sections[n % 2], tags=["geneva"])

    assert _queries(client, "/") == two


def test_home_page_costs_no_more_past_its_most_sections(client):
    # A query a section: the home page shows at most MOST_SECTIONS of them.
    _add_posts(MOST_SECTIONS)
    most = _queries(client, "/")

    _add_posts(5)

    assert _queries(client, "/") == most


@pytest.mark.parametrize("url", ["/blog/", "/blog/tag/geneva/"])
def test_listing_of_twelve_posts_costs_what_a_listing_of_two_does(client, url):
    _add_posts(2, tags=["geneva"])
    two = _queries(client, url)

    _add_posts(10, tags=["geneva"])

    assert _queries(client, url) == two


def test_author_page_of_twelve_posts_costs_what_one_of_two_does(client):
    author = factories.author("Lina Haddad", slug="lina-haddad", photo=factories.image())
    for _ in range(2):
        factories.post(author=author, category=factories.category())
    two = _queries(client, "/author/lina-haddad/")

    for _ in range(10):
        factories.post(author=author, category=factories.category())

    assert _queries(client, "/author/lina-haddad/") == two
