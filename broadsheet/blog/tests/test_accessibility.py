"""What assistive technology needs from every reader page: language, landmarks, headings, labels."""

import itertools

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

PAGES = ["home", "index", "post", "reply", "author", "category", "tag", "archive", "month"]


@pytest.fixture
def urls():
    """Reader pages, around a post with every part a reader can meet."""
    factories.post("An older post")
    post = factories.post(
        "Talks resume in Geneva",
        author=factories.author("Lina Haddad", slug="lina-haddad", photo=factories.image()),
        category=factories.category("Europe", slug="europe"),
        tags=["geneva"],
        body=[
            ("heading", {"text": "Background", "level": "h2"}),
            ("image", {"image": factories.image(), "alt_text": "A river", "caption": "Flood"}),
        ],
    )
    first = factories.comment(post)
    factories.comment(post, parent=first)
    return {
        "home": "/",
        "index": "/blog/",
        "post": post.url,
        "reply": f"{post.url}?reply={first.pk}",
        "author": "/author/lina-haddad/",
        "category": "/blog/category/europe/",
        "tag": "/blog/tag/geneva/",
        "archive": "/blog/archive/",
        "month": post.date.strftime("/blog/%Y/%m/"),
    }


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _invalid_comment_page(client):
    response = client.post("/post/talks-resume-in-geneva/comments/", {"body": "Kept."})
    assert response.status_code == 400
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("page", PAGES)
def test_page_says_its_language(client, urls, page):
    assert _page(client, urls[page]).html["lang"] == "en-us"


@pytest.mark.parametrize("page", PAGES)
def test_page_has_one_main_landmark_reached_by_the_skip_link(client, urls, page):
    soup = _page(client, urls[page])

    assert len(soup.find_all("main")) == 1
    assert soup.select_one("a.skip-link")["href"] == f"#{soup.main['id']}"


@pytest.mark.parametrize("page", PAGES)
def test_complementary_landmarks_stay_outside_main(client, urls, page):
    assert _page(client, urls[page]).main.find("aside") is None


@pytest.mark.parametrize("page", PAGES)
def test_headings_start_at_one_h1_and_never_skip_a_level(client, urls, page):
    levels = [int(h.name[1]) for h in _page(client, urls[page]).find_all(["h1", "h2", "h3", "h4"])]

    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("page", PAGES)
def test_every_picture_has_alt_text(client, urls, page):
    assert all(img.has_attr("alt") for img in _page(client, urls[page]).find_all("img"))


@pytest.mark.parametrize("page", PAGES)
def test_navigation_landmarks_are_named(client, urls, page):
    assert all(nav.get("aria-label") for nav in _page(client, urls[page]).find_all("nav"))


@pytest.mark.parametrize("invalid", [False, True], ids=["fresh form", "form with errors"])
def test_every_form_field_has_a_label(client, urls, invalid):
    soup = _invalid_comment_page(client) if invalid else _page(client, urls["post"])
    form = soup.select_one("#comment-form")

    fields = form.find_all(["input", "textarea"], type=lambda t: t not in ("hidden", "submit"))
    assert fields
    for field in fields:
        assert form.find("label", attrs={"for": field["id"]}), field["name"]


@pytest.mark.parametrize("invalid", [False, True], ids=["fresh form", "form with errors"])
def test_every_aria_reference_points_at_an_element_on_the_page(client, urls, invalid):
    soup = _invalid_comment_page(client) if invalid else _page(client, urls["post"])

    for element in soup.select("[aria-describedby], [aria-labelledby]"):
        for attr in ("aria-describedby", "aria-labelledby"):
            for target in element.get(attr, "").split():
                assert soup.find(id=target), f"{element.name} {attr}={target}"
