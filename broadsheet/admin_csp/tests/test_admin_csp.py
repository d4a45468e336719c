"""The Wagtail admin under our CSP: no inline script, markers that admin_csp/admin-csp.js starts.

The browser tests show the widgets work; these show, on both databases and in a blink,
that no admin page we know of still depends on an inline script.
"""

import json

import pytest
from bs4 import BeautifulSoup

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

ADMIN_PAGES = {
    "post editor": "/admin/pages/{post}/edit/",
    "new post": "/admin/pages/add/blog/postpage/{index}/",
    "page explorer": "/admin/pages/{index}/",
    "site history": "/admin/reports/site-history/",
    "new author": "/admin/snippets/blog/author/add/",
    "new workflow": "/admin/workflows/add/",
}


@pytest.fixture
def post():
    return factories.post("Talks resume in Geneva")


def _soup(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("url", ADMIN_PAGES.values(), ids=ADMIN_PAGES.keys())
def test_admin_page_has_no_inline_script(admin_client, post, url):
    soup = _soup(admin_client, url.format(post=post.pk, index=post.get_parent().pk))

    inline = [
        str(script)[:120]
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type") != "application/json"
    ]
    assert inline == []
    assert soup.find("script", src=lambda src: src and "/static/admin_csp/admin-csp.js" in src)


def test_post_editor_date_picker_is_left_to_admin_csp_js(admin_client, post):
    soup = _soup(admin_client, f"/admin/pages/{post.pk}/edit/")

    marker = soup.find("template", attrs={"data-broadsheet-id": "id_date"})
    assert marker["data-broadsheet-init"] == "initDateTimeChooser"
    assert json.loads(marker["data-broadsheet-options"])["format"] == "Y-m-d H:i"


def test_post_editor_author_chooser_is_left_to_admin_csp_js(admin_client, post):
    soup = _soup(admin_client, f"/admin/pages/{post.pk}/edit/")

    marker = soup.find("template", attrs={"data-broadsheet-id": "id_author"})
    assert marker["data-broadsheet-init"] == "SnippetChooser"
    assert json.loads(marker["data-broadsheet-options"]) == {
        "modalUrl": "/admin/snippets/choose/blog/author/"
    }
