"""axe-core finds nothing wrong on the pages readers meet: light, dark, and 320px wide.

The demo publication (``manage.py demo``) gives each page its real parts: the post has a
captioned picture, a quote, tags, replies and the comment form; the search finds posts
and marks the searched word in each passage.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from broadsheet.core.tests.browser import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POST_TITLE = "Why river treaties outlast the governments that sign them"
POST_URL = "/post/why-river-treaties-outlast-the-governments-that-sign-them/"
STORY_TITLE = "Rivers, borders and the deals between them"
NARROWEST_SCREEN = {"width": 320, "height": 640}


def _shows_home(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("The World Desk")
    expect(page.get_by_role("heading", name=POST_TITLE)).to_be_visible()


def _shows_blog_index(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("All posts")
    expect(page.get_by_role("heading", name=POST_TITLE)).to_be_visible()


def _shows_post(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(POST_TITLE)
    expect(page.locator(".post-body figure img")).to_be_visible()
    expect(page.get_by_role("article", name="Comment by Lena")).to_be_visible()
    expect(page.locator(".comment-replies").first).to_be_visible()
    expect(page.locator(".post-note")).to_contain_text("Correction, 6 March 2024:")
    expect(page.locator(".story-box-posts li")).to_have_count(2)


def _shows_corrections(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Corrections")
    expect(page.get_by_role("heading", name=POST_TITLE)).to_be_visible()


def _shows_story(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY_TITLE)
    expect(page.locator(".timeline-post")).to_have_count(4)
    expect(page.get_by_role("textbox", name="Follow this story by email")).to_be_visible()


def _shows_stories(page):
    expect(page.get_by_role("heading", name=STORY_TITLE)).to_be_visible()


def _shows_what_changed(page):
    expect(page.locator(".diff del")).to_contain_text("month")
    expect(page.locator(".diff ins")).to_contain_text("quarter")


def _shows_search_results(page):
    expect(page.locator(".search-results-list mark").first).to_have_text("treaty")


# Each page, with what must be on it for the check to mean something.
READER_PAGES = {
    "/": _shows_home,
    "/blog/": _shows_blog_index,
    POST_URL: _shows_post,
    "/search/?q=treaty": _shows_search_results,
    "/corrections/": _shows_corrections,
    "/story/rivers-borders-and-deals/": _shows_story,
    "/stories/": _shows_stories,
}


def _each_reader_page(page):
    """Opens each reader page of the demo publication in turn, checked whole, and yields its URL."""
    call_command("demo", stdout=None)
    for url, shows_its_parts in READER_PAGES.items():
        page.goto(url)
        shows_its_parts(page)
        yield url
    # What changed with the post's correction: its address is known from the post's link.
    page.goto(POST_URL)
    page.get_by_role("link", name="What changed").click()
    _shows_what_changed(page)
    yield page.url


def _axe_report(violations):
    return "axe-core found:\n" + "\n".join(violations)


def test_reader_pages_pass_axe(page, csp_violations, axe_script):
    violations = [
        f"{url}: {found}"
        for url in _each_reader_page(page)
        for found in axe_violations(page, axe_script)
    ]

    assert violations == [], _axe_report(violations)
    assert csp_violations == []


def test_reader_pages_pass_axe_in_dark_mode(page, csp_violations, axe_script):
    # Colour contrast is then measured against the dark theme's colours.
    page.emulate_media(color_scheme="dark")

    violations = [
        f"{url}: {found}"
        for url in _each_reader_page(page)
        for found in axe_violations(page, axe_script)
    ]

    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert violations == [], _axe_report(violations)
    assert csp_violations == []


def test_reader_pages_pass_axe_320px_wide(page, csp_violations, axe_script):
    page.set_viewport_size(NARROWEST_SCREEN)
    violations, wider_than_the_screen = [], []

    for url in _each_reader_page(page):
        violations += [f"{url}: {found}" for found in axe_violations(page, axe_script)]
        # WCAG 1.4.10 (reflow), which axe leaves to people: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST_SCREEN["width"]:
            wider_than_the_screen.append(f"{url} is {width}px wide")

    assert violations == [], _axe_report(violations)
    assert wider_than_the_screen == []
    assert csp_violations == []
