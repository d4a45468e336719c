"""The reader pages in a real browser: pictures on cards, the header on a phone, the theme
switch, the remembered commenter, and full-page screenshots of each page to judge them by.

Screenshots go to $BROADSHEET_SCREENSHOTS, else test-output/screenshots/ (git-ignored):
``<page>-<width>-<theme>.png`` for home, the blog index, a post with a picture and
comments, a category, an author and a search, at 1280 and 375 px, light and dark.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from broadsheet.blog.models import Category, PostPage
from broadsheet.blog.tests import factories
from broadsheet.core.tests.browser import TEST_OUTPUT_DIR, VIEWPORT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 740}
SCREENSHOTS = Path(os.environ.get("BROADSHEET_SCREENSHOTS", TEST_OUTPUT_DIR / "screenshots"))
POST_URL = "/post/why-river-treaties-outlast-the-governments-that-sign-them/"
SCREENSHOT_PAGES = {
    "home": "/",
    "blog": "/blog/",
    "post": POST_URL,
    "category": "/blog/category/diplomacy/",
    "author": "/author/mira-halvorsen/",
    "search": "/search/?q=treaty",
}
# The tallest header a phone may give up to the site's name, menu and nothing else.
PHONE_HEADER_MAX_PX = 100


def _demo_with_older_posts():
    """The demo publication and two older posts, so that the home page has sections below
    its lead story and latest posts."""
    call_command("demo", stdout=None)
    earliest = PostPage.objects.order_by("date").first().date
    for n, slug in enumerate(("diplomacy", "economy"), start=1):
        factories.post(
            f"An older {slug} story",
            category=Category.objects.get(slug=slug),
            date=earliest - dt.timedelta(days=n),
            paragraphs=["From the archive, before the stories above."],
        )


def _pictures_loaded(page):
    return page.evaluate(
        "[...document.querySelectorAll('img')].every(img => img.complete && img.naturalWidth > 0)"
    )


def _wait_for_pictures(page):
    # XXX: not page.wait_for_function: it evaluates its predicate with eval(), which the
    # site's CSP (no 'unsafe-eval') refuses. evaluate() goes through DevTools instead.
    for _ in range(100):
        if _pictures_loaded(page):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Pictures on {page.url} never loaded")


def test_screenshots_of_every_reader_page(page, csp_violations):
    _demo_with_older_posts()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    taken = []
    for viewport in (VIEWPORT, PHONE):
        page.set_viewport_size(viewport)
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            for name, url in SCREENSHOT_PAGES.items():
                page.goto(url)
                expect(page.get_by_role("heading", level=1)).to_have_count(1)
                # A full-page screenshot scrolls past no lazy picture: load them all first.
                page.evaluate(
                    "document.querySelectorAll('img[loading=lazy]')"
                    ".forEach(img => { img.loading = 'eager'; })"
                )
                _wait_for_pictures(page)
                path = SCREENSHOTS / f"{name}-{viewport['width']}-{theme}.png"
                page.screenshot(path=path, full_page=True)
                taken.append(path)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"{url} is {width}px wide at {viewport}"

    assert len(taken) == 24
    for path in taken:
        with Image.open(path) as image:
            # Not a blank page: text, pictures and rules give many shades.
            assert len(image.convert("L").getcolors()) > 16, path
    home_dark = Image.open(SCREENSHOTS / "home-1280-dark.png").convert("L")
    home_light = Image.open(SCREENSHOTS / "home-1280-light.png").convert("L")
    assert home_dark.getpixel((5, 5)) < 64 < 192 < home_light.getpixel((5, 5))
    assert csp_violations == []


def test_cards_show_cover_pictures_at_a_fixed_ratio_and_lazily_after_the_first(page):
    call_command("demo", stdout=None)
    page.goto("/blog/")

    covers = page.locator(".card .card-cover img")
    expect(covers).to_have_count(3)
    first = covers.first
    expect(first).not_to_have_attribute("loading", "lazy")
    for n in range(1, 3):
        expect(covers.nth(n)).to_have_attribute("loading", "lazy")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    _wait_for_pictures(page)
    assert ".webp" in first.evaluate("img => img.currentSrc")
    # Every cover box, picture or none, is 3:2: cards line up and nothing moves as they load.
    for box in page.locator(".card-cover").all():
        size = box.bounding_box()
        assert size["width"] / size["height"] == pytest.approx(1.5, abs=0.02)
    # A post without a cover shows its section's name, set large, in the same box.
    plain = page.locator(".card-cover-type").first
    expect(plain).to_have_text("Diplomacy")


def test_phone_header_folds_the_links_under_menu_without_script(browser, live_server):
    call_command("demo", stdout=None)
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= PHONE_HEADER_MAX_PX
        sections = page.get_by_role("navigation", name="Sections")
        expect(sections.get_by_role("link", name="Economy")).to_be_hidden()

        page.locator(".site-menu > summary", has_text="Menu").click()

        expect(sections.get_by_role("link", name="Economy")).to_be_visible()
        expect(page.get_by_role("searchbox", name="Search this site")).to_be_visible()
        sections.get_by_role("link", name="Economy").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Economy")
        # Folded again on the new page; the section is marked as the current one.
        expect(page.locator(".site-nav a[aria-current=page]")).to_have_text("Economy")
    finally:
        context.close()


def test_wide_header_shows_the_links_without_a_menu(page):
    call_command("demo", stdout=None)
    page.goto("/")

    expect(page.locator(".site-menu > summary", has_text="Menu")).to_have_count(1)
    expect(page.locator(".site-menu > summary", has_text="Menu")).to_be_hidden()
    sections = page.get_by_role("navigation", name="Sections")
    expect(sections.get_by_role("link")).to_have_text(["Diplomacy", "Economy", "All posts"])
    # One row of links beside the site's name, not a list down the header.
    tops = {round(link.bounding_box()["y"]) for link in sections.get_by_role("link").all()}
    assert len(tops) == 1
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= PHONE_HEADER_MAX_PX
    expect(page.get_by_placeholder("Search posts")).to_be_visible()


def _background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


LIGHT_BG, DARK_BG = "rgb(253, 253, 251)", "rgb(20, 20, 19)"


def test_theme_switch_is_remembered_by_this_browser_and_kept_in_no_cookie(page, csp_violations):
    post = factories.post("Talks resume in Geneva")
    page.emulate_media(color_scheme="light")
    page.goto("/")
    assert _background(page) == LIGHT_BG

    page.get_by_text("Dark", exact=True).click()

    assert _background(page) == DARK_BG
    page.goto(post.url)
    # Applied before the first paint by the blocking script in <head>.
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _background(page) == DARK_BG
    expect(page.get_by_role("radio", name="Dark")).to_be_checked()
    assert page.context.cookies() == []

    page.get_by_text("Auto", exact=True).click()
    page.reload()
    assert _background(page) == LIGHT_BG
    expect(page.get_by_role("radio", name="Auto")).to_be_checked()
    assert csp_violations == []


def test_theme_switch_works_on_the_page_without_script(browser, live_server):
    factories.blog_index()
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, java_script_enabled=False, color_scheme="dark"
    )
    page = context.new_page()
    try:
        page.goto("/")
        assert _background(page) == DARK_BG
        page.get_by_text("Light", exact=True).click()
        assert _background(page) == LIGHT_BG
    finally:
        context.close()


def test_commenter_is_remembered_only_when_they_tick_the_box(page, csp_violations):
    first = factories.post("Talks resume in Geneva")
    second = factories.post("Grain corridor reopens")
    form = page.locator("#comment-form")

    page.goto(first.url)
    form.get_by_label("Name").fill("Lena")
    form.get_by_label("Email (optional, never shown)").fill("lena@example.org")
    form.get_by_label("Comment", exact=True).fill("Not remembered.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".notice")).to_contain_text("awaiting approval")
    page.goto(second.url)
    expect(form.get_by_label("Name")).to_have_value("")

    form.get_by_label("Name").fill("Lena")
    form.get_by_label("Email (optional, never shown)").fill("lena@example.org")
    form.get_by_label("Comment", exact=True).fill("Remember me.")
    form.get_by_label("Remember me in this browser").check()
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".notice")).to_contain_text("awaiting approval")

    page.goto(first.url)
    expect(form.get_by_label("Name")).to_have_value("Lena")
    expect(form.get_by_label("Email (optional, never shown)")).to_have_value("lena@example.org")
    expect(form.get_by_label("Remember me in this browser")).to_be_checked()
    # Kept in this browser's storage: no cookie carries it to the server with every page.
    assert page.context.cookies() == []

    form.get_by_label("Comment", exact=True).fill("Forget me now.")
    form.get_by_label("Remember me in this browser").uncheck()
    page.get_by_role("button", name="Post comment").click()
    page.goto(second.url)
    expect(form.get_by_label("Name")).to_have_value("")
    assert csp_violations == []
