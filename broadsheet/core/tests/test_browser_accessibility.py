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
    expect(page.locator(".lead .card-cover img")).to_be_visible()
    expect(page.locator(".theme-switch input[type=radio]")).to_have_count(3)


def _shows_blog_index(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("All posts")
    expect(page.get_by_role("heading", name=POST_TITLE)).to_be_visible()


def _shows_post(page):
    expect(page.get_by_role("heading", level=1)).to_have_text(POST_TITLE)
    expect(page.locator(".post-body figure img")).to_be_visible()
    expect(page.get_by_role("article", name="Comment by Lena")).to_be_visible()
    expect(page.locator(".comment-replies").first).to_be_visible()
    expect(page.locator(".post-note")).to_contain_text("Correction, 6 March 2024:")
    expect(page.get_by_role("region", name="Mira Halvorsen")).to_contain_text("Written by")
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


def _shows_topic(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Switzerland")
    expect(page.locator("svg.month-chart rect").first).to_be_attached()
    expect(page.get_by_role("heading", name=POST_TITLE)).to_be_visible()
    expect(page.locator(".topic-companions a").first).to_be_visible()


def _shows_topics_and_map(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Topics")
    expect(page.locator("svg.map a").first).to_be_attached()
    expect(page.get_by_role("link", name="Switzerland").first).to_be_visible()


def _demo_topics():
    """A few entities on the demo's posts, as the extraction or an editor would add them
    (the demo's text names few places): the topic pages and the map get their parts."""
    from broadsheet.blog.models import PostPage
    from broadsheet.entities.models import Entity
    from broadsheet.entities.services import post_entity_add

    places = {
        "Switzerland": ("CH", ["why-river-treaties-outlast-the-governments-that-sign-them"]),
        "Egypt": ("EG", ["why-river-treaties-outlast-the-governments-that-sign-them"]),
        "Ukraine": ("UA", ["the-quiet-return-of-the-grain-corridor"]),
    }
    for name, (code, slugs) in places.items():
        country, _ = Entity.objects.get_or_create(
            kind=Entity.Kind.COUNTRY, code=code, defaults={"name": name, "slug": name.lower()}
        )
        for post in PostPage.objects.filter(slug__in=slugs):
            post_entity_add(post=post, entity=country)


def _shows_search_results(page):
    expect(page.locator(".search-results-list mark").first).to_have_text("treaty")


# Each page, with what must be on it for the check to mean something.
def _shows_category(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Diplomacy")
    expect(page.locator(".card-cover img").first).to_be_visible()
    expect(page.locator(".card-cover-type").first).to_be_visible()


def _shows_author(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Mira Halvorsen")
    expect(page.locator(".author-links")).to_contain_text("RSS feed")


def _shows_not_found(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_label("Search the site")).to_be_visible()


READER_PAGES = {
    "/": _shows_home,
    "/blog/": _shows_blog_index,
    "/blog/category/diplomacy/": _shows_category,
    "/author/mira-halvorsen/": _shows_author,
    "/no-such-page/": _shows_not_found,
    POST_URL: _shows_post,
    "/search/?q=treaty": _shows_search_results,
    "/corrections/": _shows_corrections,
    "/topics/": _shows_topics_and_map,
    "/story/rivers-borders-and-deals/": _shows_story,
    "/stories/": _shows_stories,
}


def _each_reader_page(page):
    """Opens each reader page of the demo publication in turn, checked whole, and yields its URL."""
    call_command("demo", stdout=None)
    _demo_topics()
    for url, shows_its_parts in READER_PAGES.items():
        page.goto(url)
        shows_its_parts(page)
        yield url
    # A topic page, reached from the map's list as a reader would.
    page.goto("/topics/")
    page.locator(".map-list summary").click()
    page.locator(".map-list").get_by_role("link", name="Switzerland").click()
    _shows_topic(page)
    page.locator(".chart-numbers summary").click()  # Its table, open, is checked too.
    yield page.url
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
        if url == "/":
            # The header's links, search and theme switch, folded under Menu on a phone.
            page.locator(".site-menu > summary", has_text="Menu").click()
            expect(page.get_by_role("navigation", name="Sections")).to_be_visible()
        violations += [f"{url}: {found}" for found in axe_violations(page, axe_script)]
        # WCAG 1.4.10 (reflow), which axe leaves to people: no sideways scrolling.
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST_SCREEN["width"]:
            wider_than_the_screen.append(f"{url} is {width}px wide")

    assert violations == [], _axe_report(violations)
    assert wider_than_the_screen == []
    assert csp_violations == []
