from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories

POST_URL = "http://testserver/post/talks-resume-in-geneva-paris/"
TITLE = "Talks resume in Geneva & Paris"


@pytest.fixture
def share_section(client, blog_index):
    factories.post(TITLE)
    html = client.get("/post/talks-resume-in-geneva-paris/").content.decode()
    return BeautifulSoup(html, "html.parser").select_one("section.share")


def _query(link):
    return parse_qs(urlsplit(link["href"]).query)


@pytest.mark.django_db
def test_every_service_gets_the_posts_address_and_title(share_section):
    links = {a.get_text(): a for a in share_section.select(".share-links a")}

    assert list(links) == ["Email", "X", "Facebook", "LinkedIn", "Telegram", "WhatsApp"]
    assert _query(links["Email"]) == {"subject": [TITLE], "body": [POST_URL]}
    assert _query(links["X"]) == {"text": [TITLE], "url": [POST_URL]}
    assert _query(links["Facebook"]) == {"u": [POST_URL]}
    assert _query(links["LinkedIn"]) == {"url": [POST_URL]}
    assert _query(links["Telegram"]) == {"url": [POST_URL], "text": [TITLE]}
    assert _query(links["WhatsApp"]) == {"text": [f"{TITLE} {POST_URL}"]}
    assert all("noopener" in a["rel"] for a in links.values())


@pytest.mark.django_db
def test_the_link_to_copy_is_in_a_field_that_works_without_javascript(share_section):
    field = share_section.select_one("input#share-url")

    assert field["value"] == POST_URL
    assert field.has_attr("readonly")
    assert share_section.select_one("label[for=share-url]").get_text() == "Link to this post"
    # The copy button needs JavaScript, so it stays hidden until the script shows it.
    assert share_section.select_one("button[data-copy-button]").has_attr("hidden")


@pytest.mark.django_db
def test_the_post_page_loads_no_script_from_another_site(client, blog_index):
    factories.post(TITLE)
    html = client.get("/post/talks-resume-in-geneva-paris/").content.decode()

    sources = [s.get("src") for s in BeautifulSoup(html, "html.parser").find_all("script")]
    assert "/static/core/share.js" in sources
    assert all(src is None or src.startswith("/static/") for src in sources)
