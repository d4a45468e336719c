"""A post page costs under 52 KB of HTML and CSS before its pictures."""

import pytest
from django.contrib.staticfiles import finders

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment
from broadsheet.demo.build import demo_site_create

pytestmark = pytest.mark.django_db

# Bytes of HTML and CSS, before pictures. 50 KB until the post page gained its entities,
# Related coverage, the story box and the author box; the CSS (a third of it) is one file
# cached for the whole site.
BUDGET = 52_000


@pytest.fixture
def demo_post():
    """The demo's longest post, with a cover and more of a conversation than the demo has."""
    demo_site_create()
    post = PostPage.objects.get(slug="why-river-treaties-outlast-the-governments-that-sign-them")
    post.cover_image = factories.image("Cover", width=1600, height=900)
    post.cover_image_alt = "A gauging station on a shared river"
    post.save_revision().publish()
    for n in range(12):
        parent = factories.comment(
            post, body=f"A reader's considered comment, number {n}, of a few sentences. " * 3
        )
        factories.comment(post, parent=parent, body="A reply that agrees, mostly. " * 2)
    assert Comment.objects.filter(post=post, status=Comment.Status.APPROVED).count() >= 24
    return post


def test_post_page_html_and_css_stay_under_fifty_kilobytes(client, demo_post):
    response = client.get(demo_post.url)
    assert response.status_code == 200
    html = response.content
    with open(finders.find("core/broadsheet.css"), "rb") as css_file:
        css = css_file.read()

    assert len(html) + len(css) < BUDGET, f"HTML {len(html)} B + CSS {len(css)} B"


def test_post_page_needs_no_javascript_to_read(client, demo_post):
    html = client.get(demo_post.url).content.decode()

    # JSON-LD data blocks, and three scripts that only add to what works without them: a
    # "Copy link" button, the remembered theme (the switch works for the page without it)
    # and the remembered commenter. The text, links and forms all work before and without.
    scripts = html.count("<script")
    data_blocks = html.count('<script type="application/ld+json"')
    optional = [
        '<script src="/static/core/share.js" defer>',
        '<script src="/static/core/theme.js">',
        '<script src="/static/comments/remember.js" defer>',
    ]
    assert scripts - data_blocks == sum(html.count(script) for script in optional) == 3
