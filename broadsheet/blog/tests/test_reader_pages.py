"""What a reader sees on the home page, in the header, under a post and on an author's
page; excerpts, search headings and the 404 page's search."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site
from wagtail.rich_text import RichText

from broadsheet.blog.models import HomePage
from broadsheet.blog.tests import factories
from broadsheet.masthead.models import NavigationLink, SiteSettings

pytestmark = pytest.mark.django_db


def _soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def _masthead(**fields):
    masthead = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for field, value in fields.items():
        setattr(masthead, field, value)
    masthead.save()
    return masthead


def _titles(cards):
    return [card.select_one(".card-title").get_text(strip=True) for card in cards]


@pytest.fixture
def sections(blog_index):
    europe = factories.category("Europe", slug="europe")
    asia = factories.category("Asia", slug="asia")
    # Story 1 is the oldest; odd stories are filed under Europe, even under Asia.
    return {
        n: factories.post(f"Story {n}", category=europe if n % 2 else asia) for n in range(1, 11)
    }


def test_home_page_leads_with_the_latest_then_the_latest_then_each_section(client, sections):
    soup = _soup(client, "/")

    assert _titles(soup.select(".lead")) == ["Story 10"]
    latest = soup.find(id="latest-heading").find_parent("section")
    assert _titles(latest.select(".card")) == [f"Story {n}" for n in range(9, 3, -1)]
    shown = {
        section.h2.get_text(strip=True): _titles(section.select(".card"))
        for section in soup.select(".home-section")
    }
    # Newest first, none shown twice; "More in" leads to the section's own list.
    assert shown == {"Asia": ["Story 2"], "Europe": ["Story 3", "Story 1"]}
    assert soup.select_one(".home-section a[href='/blog/category/asia/']")


def test_home_page_leads_with_the_editors_pick(client, sections):
    home = HomePage.objects.get()
    home.lead_story = sections[4]
    home.save_revision().publish()

    soup = _soup(client, "/")

    assert _titles(soup.select(".lead")) == ["Story 4"]
    assert "Story 10" in _titles(soup.select(".card"))


def test_home_page_shows_the_tagline_and_description_not_the_name_again(client, sections):
    _masthead(tagline="The long stories", description="Diplomacy and trade, followed.")

    soup = _soup(client, "/")

    intro = soup.select_one(".intro")
    assert intro.select_one(".tagline").get_text() == "The long stories"
    assert intro.select_one(".description").get_text() == "Diplomacy and trade, followed."
    # The page's heading, for assistive technology; the header shows the name once.
    assert "visually-hidden" in intro.h1["class"]


def test_header_lists_the_sections_with_posts_by_default(client, sections):
    factories.category("Africa", slug="africa")  # No post yet.

    nav = _soup(client, "/blog/category/asia/").select_one("nav.site-nav")

    links = [(a.get_text(), a["href"]) for a in nav.select("a")]
    assert links == [
        ("Asia", "/blog/category/asia/"),
        ("Europe", "/blog/category/europe/"),
        ("All posts", "/blog/"),
    ]
    assert nav.select_one("a[aria-current=page]").get_text() == "Asia"


def test_header_shows_the_editors_links_in_their_order(client, sections):
    masthead = _masthead()
    asia = sections[2].category
    NavigationLink.objects.create(settings=masthead, sort_order=1, category=asia, label="")
    NavigationLink.objects.create(
        settings=masthead, sort_order=0, url="/subscribe/", label="Newsletter"
    )

    nav = _soup(client, "/").select_one("nav.site-nav")

    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [
        ("Newsletter", "/subscribe/"),
        ("Asia", "/blog/category/asia/"),
    ]


def test_header_search_box_has_a_label_and_a_placeholder(client, sections):
    soup = _soup(client, "/")

    box = soup.select_one(".site-search input[type=search]")
    assert soup.select_one(f"label[for={box['id']}]").get_text() == "Search this site"
    assert box["placeholder"] == "Search posts"


def test_post_shows_an_author_box_with_photo_bio_and_links(client, blog_index):
    author = factories.author(
        "Lina Haddad",
        slug="lina-haddad",
        bio="Covers the Levant.",
        website="https://lina.example.org/",
        photo=factories.image(),
    )
    post = factories.post("Talks resume in Geneva", author=author)

    box = _soup(client, post.url).select_one(".author-box")

    assert box.select_one(".author-box-name a")["href"] == "/author/lina-haddad/"
    assert box.select_one(".author-box-bio").get_text() == "Covers the Levant."
    assert box.select_one("img.author-photo")["src"].endswith(".webp")
    links = {a.get_text(): a["href"] for a in box.select(".author-links a")}
    assert links == {
        "Website": "https://lina.example.org/",
        "RSS feed of Lina Haddad’s posts": "/author/lina-haddad/feed/",
    }


def test_author_page_shows_photo_bio_and_links(client, blog_index):
    author = factories.author(
        "Lina Haddad", slug="lina-haddad", bio="Covers the Levant.", photo=factories.image()
    )
    factories.post(author=author)

    header = _soup(client, "/author/lina-haddad/").select_one(".listing-header")

    assert header.select_one("img.author-photo")
    assert header.select_one(".description").get_text() == "Covers the Levant."
    feed = header.select_one(".author-links a")
    assert feed["href"] == "/author/lina-haddad/feed/"


def test_card_of_a_post_with_a_cover_shows_it_responsively(client, blog_index):
    factories.post(
        "Talks resume in Geneva",
        cover_image=factories.image(width=1600, height=900),
        cover_image_alt="Delegates at a long table.",
    )
    factories.post("Grain corridor reopens", category=factories.category("Economy"))

    cards = _soup(client, "/blog/").select(".card")

    grain, talks = cards
    picture = talks.select_one(".card-cover img")
    assert picture["alt"] == "Delegates at a long table."
    assert [c.split()[1] for c in picture["srcset"].split(", ")] == ["400w", "800w", "1200w"]
    assert (picture["width"], picture["height"]) == ("1200", "800")
    assert picture["loading"] == "lazy"  # The second card.
    # Without a cover: its section's name in the picture's place, hidden from screen readers.
    plain = grain.select_one(".card-cover-type")
    assert plain["aria-hidden"] == "true"
    assert plain.get_text(strip=True) == "Economy"
    assert grain.select_one("img") is None


def test_excerpt_of_a_post_opening_with_a_heading_reads_the_prose(client, blog_index):
    post = factories.post(
        "The quiet return of the grain corridor",
        body=[
            ("heading", {"text": "Why the insurers came back", "level": "h2"}),
            ("paragraph", RichText("<p>Port authorities say the ships are back.</p>")),
            ("paragraph", RichText("<h3>Next</h3><p>More ports follow.</p>")),
        ],
    )

    assert post.auto_excerpt == "Port authorities say the ships are back. More ports follow."


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("corridor", "for “corridor”"),
        ('"grain corridor"', "for “grain corridor”"),
        ('"grain corridor" -wheat', "for “grain corridor” -wheat"),
    ],
)
def test_search_heading_quotes_the_search_once(client, blog_index, query, heading):
    factories.post("The quiet return of the grain corridor")

    soup = _soup(client, f"/search/?q={query}")

    assert soup.select_one("#search-results-count").get_text().endswith(heading)


def test_not_found_page_has_a_styled_search_box(client, blog_index):
    form = _soup(client, "/no-such-page/", status=404).select_one("main form[role=search]")

    assert "search-form" in form["class"]
    assert form.select_one("input[type=search]")["id"] == "not-found-q"


def test_reader_pages_carry_no_inline_script_or_style(client, sections):
    for url in ("/", "/blog/", sections[3].url, "/blog/category/europe/"):
        soup = _soup(client, url)
        assert soup.select("[style]") == [], url
        scripts = soup.select("script:not([type='application/ld+json'])")
        assert all(script.get("src") for script in scripts), url
    # The theme applies before the first paint: a blocking script, in <head>.
    head_scripts = [s["src"] for s in soup.head.select("script[src]")]
    assert any(src.endswith("core/theme.js") for src in head_scripts)


def test_comment_form_offers_to_remember_only_with_script(client, blog_index):
    post = factories.post()

    choice = _soup(client, post.url).select_one("#comment-form [data-remember]")

    # Hidden until comments/remember.js shows it; nameless, so it never reaches the server.
    assert choice.has_attr("hidden")
    assert not choice.select_one("input").has_attr("name")


def test_home_page_description_for_search_engines_is_the_sites(client, sections):
    _masthead(description="Diplomacy and trade, followed to the end.")

    soup = _soup(client, "/")

    description = soup.select_one("meta[name=description]")["content"]
    assert description == "Diplomacy and trade, followed to the end."


def test_post_page_hides_likes_and_views_below_the_threshold(client, blog_index):
    from broadsheet.engagement.models import PostStats

    post = factories.post("Talks resume in Geneva")
    PostStats.objects.create(post=post, view_count=9, like_count=3)

    engagement = _soup(client, post.url).select_one(".engagement")

    assert engagement.select_one(".like-button").get_text(strip=True) == "♥Like this post"
    assert engagement.select_one(".view-count") is None

    _masthead(counts_threshold=3)
    engagement = _soup(client, post.url).select_one(".engagement")

    assert engagement.select_one(".like-button")["aria-label"] == "Like this post, 3 likes"
    assert engagement.select_one(".view-count").get_text() == "9 views"
