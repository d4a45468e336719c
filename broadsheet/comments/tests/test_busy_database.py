"""A comment sent while another process holds the database: a "try again" page, text kept.

Real processes on a file SQLite database: Django's server, and a second connection
holding the write lock past the busy timeout (1 s here, 20 s in production).
"""

import urllib.error
import urllib.parse
import urllib.request

import pytest
from bs4 import BeautifulSoup

from broadsheet.core.tests.file_site import file_site

TEXT = "A careful reply, written over ten minutes. It must not be lost."


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = file_site(tmp_path_factory.mktemp("busy-site"))
    site.manage("demo")
    return site


def _first_post_url(site):
    return site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from broadsheet.blog.models import PostPage; "
        "print(PostPage.objects.live().order_by('pk').first().url)",
    ).stdout.strip()


def _post_comment(url, body):
    data = urllib.parse.urlencode({"author_name": "Reader One", "body": body}).encode()
    request = urllib.request.Request(  # noqa: S310 (the test's own server)
        url, data=data, headers={"Origin": url.split("/post/")[0], "User-Agent": "Firefox"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=60)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
    return response.status, dict(response.headers), response.read().decode()


def test_comment_during_a_long_lock_gets_try_again_with_the_text_kept(site, tmp_path):
    post_path = _first_post_url(site)
    with site.serving(tmp_path / "server.log") as base_url:
        comments_url = f"{base_url}{post_path}comments/"
        # The reader read the post before writing (its pictures' sizes are made then).
        urllib.request.urlopen(base_url + post_path, timeout=60)  # noqa: S310
        # A first comment goes through, and the site's comment settings exist.
        assert _post_comment(comments_url, "Before the lock.")[0] == 302

        with site.write_lock():
            status, headers, html = _post_comment(comments_url, TEXT)

        after = _post_comment(comments_url, TEXT)

    assert status == 503
    assert headers["Retry-After"] == "30"
    form = BeautifulSoup(html, "html.parser").select_one("#comment-form")
    assert form.find("textarea").get_text().strip() == TEXT
    assert form.find("input", attrs={"name": "author_name"})["value"] == "Reader One"
    assert "Nothing was lost" in form.select_one(".errors").get_text()
    assert after[0] == 302
