import pytest
from django.template import Context, Template

from broadsheet.blog.tests import factories

TEMPLATE = Template("{% load feed_tags %}{% feed_links kind subject %}")


def rendered(**context):
    return TEMPLATE.render(Context({"site_name": "Test Desk", **context}))


@pytest.mark.django_db
def test_every_page_announces_the_site_feeds():
    html = rendered(kind=None, subject=None)

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Test Desk (RSS)" href="/feed/">'
        in html
    )
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Test Desk (Atom)"'
        ' href="/feed/atom/">' in html
    )


@pytest.mark.django_db
def test_a_listing_announces_feeds_that_exist(client, blog_index):
    category = factories.category("Europe & Africa", slug="europe-africa")

    html = rendered(kind="category", subject=category)

    assert 'title="Europe &amp; Africa · Test Desk (RSS)"' in html
    assert 'href="/blog/category/europe-africa/feed/"' in html
    assert client.get("/blog/category/europe-africa/feed/").status_code == 200
    assert client.get("/blog/category/europe-africa/feed/atom/").status_code == 200
    assert 'href="/blog/category/europe-africa/feed/atom/"' in html
