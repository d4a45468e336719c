"""What search engines and share previews read on each page: titles, descriptions,
canonical addresses, OpenGraph and Twitter cards, and JSON-LD."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.blog.models import HomePage
from broadsheet.blog.tests import factories
from broadsheet.blog.tests.markup import json_ld, meta, soup

pytestmark = pytest.mark.django_db

FEB_9_2021 = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())
HOST = "news.example.org"


@pytest.fixture
def post():
    return factories.post(
        "Talks resume in Geneva",
        author=factories.author("Lina Haddad", slug="lina-haddad"),
        category=factories.category("Europe", slug="europe"),
        date=FEB_9_2021,
        paragraphs=["Delegations met this morning in the old League building."],
        cover_image=factories.image(width=1600, height=900),
        cover_image_alt="Delegates around a table",
    )


def _get(client, url):
    return soup(client.get(url, HTTP_HOST=HOST, secure=True))


def test_post_title_is_its_title_then_the_site_name(client, post):
    assert _get(client, post.url).title.get_text() == "Talks resume in Geneva · Test Desk"


def test_post_description_is_its_excerpt(client, post):
    page = _get(client, post.url)

    assert meta(page, "description") == "Delegations met this morning in the old League building."
    assert meta(page, "og:description") == meta(page, "description")
    assert meta(page, "twitter:description") == meta(page, "description")


def test_editor_overrides_title_and_description_on_the_promote_tab(client, post):
    post.seo_title = "Geneva talks: what is on the table"
    post.search_description = "Three technical items and no deadline."
    post.save_revision().publish()

    page = _get(client, post.url)

    assert page.title.get_text() == "Geneva talks: what is on the table · Test Desk"
    assert meta(page, "og:title") == "Geneva talks: what is on the table"
    assert meta(page, "twitter:title") == "Geneva talks: what is on the table"
    assert meta(page, "description") == "Three technical items and no deadline."
    assert meta(page, "og:description") == "Three technical items and no deadline."
    # The headline on the page stays the post's own title.
    assert page.h1.get_text() == "Talks resume in Geneva"


@pytest.mark.parametrize(
    "url",
    ["/post/talks-resume-in-geneva/", "/", "/blog/", "/blog/category/europe/", "/blog/archive/"],
)
def test_canonical_address_is_absolute_on_the_host_the_reader_asked_for(client, post, url):
    page = _get(client, url)

    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == f"https://{HOST}{url}"
    assert meta(page, "og:url") == canonical


def test_canonical_address_of_a_later_page_of_a_listing_keeps_its_page_number(client, post):
    for day in range(1, 14):
        factories.post(f"Day {day}", date=FEB_9_2021 + dt.timedelta(days=day))

    page = _get(client, "/blog/?page=2")

    assert page.find("link", rel="canonical")["href"] == f"https://{HOST}/blog/?page=2"


def test_canonical_address_leaves_out_other_query_parameters(client, post):
    page = _get(client, f"{post.url}?reply=1&utm_source=newsletter")

    assert page.find("link", rel="canonical")["href"] == f"https://{HOST}{post.url}"


def test_post_is_shared_as_an_article_with_its_dates_author_and_section(client, post):
    page = _get(client, post.url)

    assert meta(page, "og:type") == "article"
    assert meta(page, "og:site_name") == "Test Desk"
    assert meta(page, "og:title") == "Talks resume in Geneva"
    assert meta(page, "article:published_time") == "2021-02-09T12:00:00+00:00"
    modified = dt.datetime.fromisoformat(meta(page, "article:modified_time"))
    assert modified == post.last_published_at
    assert meta(page, "author") == "Lina Haddad"
    assert meta(page, "article:author") == f"https://{HOST}/author/lina-haddad/"
    assert meta(page, "article:section") == "Europe"


def test_post_share_card_shows_the_cover_picture_at_an_absolute_address(client, post):
    page = _get(client, post.url)

    assert re.fullmatch(rf"https://{HOST}/media/images/.+\.jpg", meta(page, "og:image"))
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(page, "og:image:alt") == "Delegates around a table"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:image") == meta(page, "og:image")
    assert client.get(meta(page, "og:image").removeprefix(f"https://{HOST}")).status_code == 200


def test_post_without_a_cover_is_shared_with_its_first_body_picture(client):
    picture = {"image": factories.image(), "alt_text": "A gauging station", "caption": ""}
    post = factories.post(body=[("image", picture)])

    page = _get(client, post.url)

    assert meta(page, "og:image").startswith(f"https://{HOST}/media/images/")
    assert meta(page, "og:image:alt") == "A gauging station"


def test_post_without_any_picture_gets_a_small_card(client):
    post = factories.post()

    page = _get(client, post.url)

    assert meta(page, "og:image") is None
    assert meta(page, "twitter:card") == "summary"


@pytest.mark.parametrize("url", ["/", "/blog/", "/blog/category/europe/", "/author/lina-haddad/"])
def test_other_pages_are_shared_as_a_website(client, post, url):
    assert meta(_get(client, url), "og:type") == "website"


@pytest.mark.parametrize(
    ("url", "description"),
    [
        ("/", "The latest posts from Test Desk."),
        ("/blog/", "Every post from Test Desk, newest first."),
    ],
)
def test_home_and_blog_index_without_an_intro_say_what_they_are(client, post, url, description):
    assert meta(_get(client, url), "description") == description


def test_home_page_is_described_by_its_intro(client, post):
    home = HomePage.objects.get()
    home.intro = "<p>News from <b>the borders</b>, read slowly.</p>"
    home.save_revision().publish()

    assert meta(_get(client, "/"), "description") == "News from the borders, read slowly."


def test_category_page_is_described_by_its_description(client, blog_index):
    factories.category("Europe", slug="europe", description="Treaties, borders and elections.")

    page = _get(client, "/blog/category/europe/")

    assert page.title.get_text() == "Europe · Test Desk"
    assert meta(page, "description") == "Treaties, borders and elections."


def test_post_is_a_news_article_in_json_ld(client, post):
    article = json_ld(_get(client, post.url))["NewsArticle"]

    canonical = f"https://{HOST}/post/talks-resume-in-geneva/"
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == "Talks resume in Geneva"
    assert article["description"] == "Delegations met this morning in the old League building."
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert article["datePublished"] == "2021-02-09T12:00:00+00:00"
    assert dt.datetime.fromisoformat(article["dateModified"]) == post.last_published_at
    assert article["author"] == [
        {"@type": "Person", "name": "Lina Haddad", "url": f"https://{HOST}/author/lina-haddad/"}
    ]
    [image] = article["image"]
    assert (image["width"], image["height"]) == (1200, 630)
    assert image["url"].startswith(f"https://{HOST}/media/images/")
    assert article["inLanguage"] == "en"
    assert article["articleSection"] == "Europe"


def test_news_article_publisher_is_the_site_with_its_logo(client, post):
    publisher = json_ld(_get(client, post.url))["NewsArticle"]["publisher"]

    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Test Desk"
    assert publisher["logo"]["url"] == f"https://{HOST}/static/core/favicon.svg"
    assert client.get("/static/core/favicon.svg").status_code == 200


def test_post_breadcrumbs_lead_from_home_through_all_posts_and_its_category(client, post):
    crumbs = json_ld(_get(client, post.url))["BreadcrumbList"]["itemListElement"]

    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", f"https://{HOST}/"),
        (2, "All posts", f"https://{HOST}/blog/"),
        (3, "Europe", f"https://{HOST}/blog/category/europe/"),
        (4, "Talks resume in Geneva", f"https://{HOST}/post/talks-resume-in-geneva/"),
    ]


def test_breadcrumbs_of_a_post_without_a_category_skip_it(client):
    post = factories.post("Unfiled")

    crumbs = json_ld(_get(client, post.url))["BreadcrumbList"]["itemListElement"]

    assert [c["name"] for c in crumbs] == ["Home", "All posts", "Unfiled"]


def test_home_page_describes_the_site_and_how_to_search_it(client, post):
    data = json_ld(_get(client, "/"))

    website = data["WebSite"]
    assert (website["name"], website["url"]) == ("Test Desk", f"https://{HOST}/")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"https://{HOST}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert "NewsArticle" not in data
    assert "BreadcrumbList" not in data


def test_search_action_address_finds_posts(client, post):
    template = json_ld(_get(client, "/"))["WebSite"]["potentialAction"]["target"]["urlTemplate"]
    url = template.removeprefix(f"https://{HOST}").replace("{search_term_string}", "Geneva")

    assert "Talks resume in Geneva" in client.get(url).content.decode()


def test_title_that_closes_the_script_element_cannot_break_out_of_json_ld(client):
    title = 'Talks </script><script>alert("x")</script> & <!-- more'
    post = factories.post(title, slug="talks-escaped")

    response = client.get(post.url)
    page = soup(response)

    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 2
    # Besides the JSON-LD blocks, only the page's own scripts (theme, share, remembered
    # commenter): the title opened none.
    others = [s for s in page.find_all("script") if s not in scripts]
    assert [s["src"] for s in others] == [
        "/static/core/theme.js",
        "/static/core/share.js",
        "/static/comments/remember.js",
    ]
    assert response.content.decode().count("</script>") == len(scripts) + len(others)
    for script in scripts:
        assert "<" not in script.string
        assert ">" not in script.string
    assert json_ld(page)["NewsArticle"]["headline"] == title
    assert json_ld(page)["BreadcrumbList"]["itemListElement"][-1]["name"] == title


def test_post_page_bytes_and_policy_are_the_same_for_every_reader(client, post):
    # JSON-LD is data, which no policy blocks: no per-response nonce, so a cached copy
    # of the page stays valid for everyone who is handed it.
    first, second = client.get(post.url), client.get(post.url)

    assert soup(first).find("script", type="application/ld+json")
    assert first.content == second.content
    assert "nonce-" not in first["Content-Security-Policy"]
    assert "script-src 'self'" in first["Content-Security-Policy"]


def test_search_page_stays_out_of_search_engines(client, post):
    page = _get(client, "/search/?q=geneva")

    assert meta(page, "robots") == "noindex"
    # Shown, though, where another site links to a search.
    assert meta(page, "description") == "Search every post on Test Desk."
