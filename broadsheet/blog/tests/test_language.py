"""A post's language: its lang and dir, right to left for Persian, Arabic, Hebrew and Urdu."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from broadsheet.blog.models import PostPage
from broadsheet.blog.tests import factories
from broadsheet.blog.tests.markup import soup

pytestmark = pytest.mark.django_db

PERSIAN_TITLE = "گفتگوها در ژنو از سر گرفته شد"
PERSIAN_TEXT = "هیئت‌ها امروز صبح دوباره دیدار کردند."


@pytest.fixture
def persian_post():
    return factories.post(PERSIAN_TITLE, slug="geneva-fa", language="fa", paragraphs=[PERSIAN_TEXT])


def test_persian_post_is_marked_persian_and_right_to_left(client, persian_post):
    article = soup(client.get(persian_post.url)).select_one("article.post")

    assert (article["lang"], article["dir"]) == ("fa", "rtl")
    assert article.h1.get_text() == PERSIAN_TITLE


def test_site_labels_inside_a_persian_post_stay_in_the_sites_language(client, persian_post):
    article = soup(client.get(persian_post.url)).select_one("article.post")

    # "1 min read" is the site speaking, not the post.
    assert article.select_one(".byline")["lang"] == "en-us"


def test_page_around_the_post_keeps_the_sites_language(client, persian_post):
    assert soup(client.get(persian_post.url)).html["lang"] == "en-us"


def test_english_post_is_left_to_right(client):
    post = factories.post(language="en")

    article = soup(client.get(post.url)).select_one("article.post")

    assert (article["lang"], article["dir"]) == ("en", "ltr")


@pytest.mark.parametrize(
    ("language", "direction"),
    [("fa", "rtl"), ("ar", "rtl"), ("he", "rtl"), ("ur", "rtl"), ("fr", "ltr"), ("de", "ltr")],
)
def test_direction_follows_the_language(language, direction):
    assert PostPage(language=language).text_direction == direction


def test_unknown_language_code_reads_left_to_right():
    # An import may carry a code Django has no data for.
    assert PostPage(language="xx").text_direction == "ltr"


@pytest.mark.parametrize("url", ["/", "/blog/", "/blog/tag/geneva/"])
def test_listing_marks_the_persian_posts_title_and_excerpt(client, url):
    factories.post(PERSIAN_TITLE, slug="geneva-fa", language="fa", tags=["geneva"])

    card = soup(client.get(url)).select_one(".card")

    for part in (card.select_one(".card-title"), card.select_one(".card-excerpt")):
        assert (part["lang"], part["dir"]) == ("fa", "rtl")
    # The byline under it is the site's, in the page's language.
    assert not card.select_one(".card-meta").has_attr("lang")


def test_recent_posts_mark_a_persian_posts_title_and_excerpt(client, persian_post):
    post = factories.post("Talks resume in Geneva")

    item = soup(client.get(post.url)).select_one(".recent-posts li")

    for part in (item.select_one(".recent-title"), item.select_one(".recent-excerpt")):
        assert (part["lang"], part["dir"]) == ("fa", "rtl")


def test_new_post_is_in_the_sites_language(settings):
    settings.LANGUAGE_CODE = "fr-fr"

    assert PostPage().language == "fr"


def test_editor_may_choose_among_left_and_right_to_left_languages():
    choices = dict(PostPage._meta.get_field("language").choices)

    assert {"en", "fr", "de", "es", "fa", "ar", "he", "ur"} <= set(choices)
    assert choices["fa"] == "فارسی (Persian)"


def test_language_field_explains_itself_to_the_editor():
    assert "right to left" in PostPage._meta.get_field("language").help_text


def test_theme_mirrors_with_logical_properties_only():
    # margin-left, border-right, text-align: left... stay on one side when the text
    # turns right to left; their inline-start/end forms follow it.
    css = Path(finders.find("core/broadsheet.css")).read_text(encoding="utf-8")

    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\b|(?:text-align|float)\s*:\s*(?:left|right)", css
    )

    assert physical == []


def test_editor_finds_the_language_on_the_posts_edit_form(admin_client):
    post = factories.post(language="fa")

    page = soup(admin_client.get(f"/admin/pages/{post.pk}/edit/"))

    select = page.select_one("select[name=language]")
    assert select.select_one("option[selected]")["value"] == "fa"


def test_reading_time_keeps_its_order_inside_a_right_to_left_post(client, persian_post):
    reading_time = soup(client.get(persian_post.url)).select_one(".byline-reading-time")

    # Isolated, so that "1 min read" does not show as "min read 1".
    assert reading_time.bdi.get_text() == "1 min read"
