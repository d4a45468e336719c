import datetime as dt

import pytest
from defusedxml import ElementTree

from broadsheet.blog.tests import factories
from broadsheet.seo.sitemaps import PostSitemap

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def section_urls(client, url):
    """{loc: lastmod as a datetime} for every <url> of a sitemap section."""
    root = read_xml(client, url)
    return {
        node.findtext("sm:loc", namespaces=NS): dt.datetime.fromisoformat(
            node.findtext("sm:lastmod", namespaces=NS)
        )
        for node in root.findall("sm:url", NS)
    }


@pytest.mark.django_db
def test_the_index_lists_every_section(client, blog_index):
    root = read_xml(client, "/sitemap.xml")

    assert [node.findtext("sm:loc", namespaces=NS) for node in root.findall("sm:sitemap", NS)] == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-posts.xml",
        "http://testserver/sitemap-categories.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-stories.xml",
    ]


@pytest.mark.django_db
def test_posts_are_listed_with_when_they_were_last_published(client):
    first = factories.post("First report")
    second = factories.post("Second report")
    factories.post("Still a draft", publish=False)

    urls = section_urls(client, "/sitemap-posts.xml")

    assert urls == {
        "http://testserver/post/second-report/": second.last_published_at,
        "http://testserver/post/first-report/": first.last_published_at,
    }


@pytest.mark.django_db
def test_site_pages_are_as_fresh_as_the_newest_post(client):
    post = factories.post()

    urls = section_urls(client, "/sitemap-pages.xml")

    assert urls == {
        "http://testserver/": post.last_published_at,
        "http://testserver/blog/": post.last_published_at,
    }


@pytest.mark.django_db
def test_only_listings_with_published_posts_are_listed(client):
    author = factories.author("Mina Haddad")
    europe = factories.category("Europe")
    post = factories.post(author=author, category=europe, tags=["Geneva"])
    factories.post(
        author=factories.author("Draft Writer"),
        category=factories.category("Empty"),
        tags=["Unseen"],
        publish=False,
    )

    assert section_urls(client, "/sitemap-categories.xml") == {
        "http://testserver/blog/category/europe/": post.last_published_at
    }
    assert section_urls(client, "/sitemap-tags.xml") == {
        "http://testserver/blog/tag/geneva/": post.last_published_at
    }
    assert section_urls(client, "/sitemap-authors.xml") == {
        "http://testserver/author/mina-haddad/": post.last_published_at
    }


@pytest.mark.django_db
def test_a_long_section_is_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    for _ in range(3):
        factories.post()

    index = read_xml(client, "/sitemap.xml")
    locations = [node.findtext("sm:loc", namespaces=NS) for node in index.findall("sm:sitemap", NS)]

    assert "http://testserver/sitemap-posts.xml?p=2" in locations
    assert len(section_urls(client, "/sitemap-posts.xml")) == 2
    assert len(section_urls(client, "/sitemap-posts.xml?p=2")) == 1
    assert client.get("/sitemap-posts.xml?p=3").status_code == 404
    assert client.get("/sitemap-posts.xml?p=x").status_code == 404


@pytest.mark.django_db
def test_an_unknown_section_is_not_found(client, blog_index):
    assert client.get("/sitemap-drafts.xml").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-posts.xml"])
def test_shared_caches_may_keep_the_sitemap(client, blog_index, url):
    cache_control = client.get(url)["Cache-Control"]

    assert "public" in cache_control
    assert "s-maxage=300" in cache_control
