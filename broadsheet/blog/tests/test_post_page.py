"""The post page at /post/<slug>/, as a reader sees it."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from broadsheet.blog.tests import factories

pytestmark = pytest.mark.django_db

FEB_9_2021 = dt.datetime(2021, 2, 9, 12, 0, tzinfo=timezone.get_current_timezone())


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_post_address_is_made_from_its_title(client):
    post = factories.post("Talks resume in Geneva", slug="")

    response = client.get("/post/talks-resume-in-geneva/")

    assert post.url == "/post/talks-resume-in-geneva/"
    assert _soup(response).h1.get_text() == "Talks resume in Geneva"


def test_title_is_the_only_h1(client):
    post = factories.post("Talks resume in Geneva")

    h1s = _soup(client.get(post.url)).find_all("h1")

    assert [h.get_text() for h in h1s] == ["Talks resume in Geneva"]


def test_elements_come_in_the_reference_page_order(client):
    factories.post("An older post", date=FEB_9_2021 - dt.timedelta(days=3))
    post = factories.post(
        "Talks resume in Geneva",
        author=factories.author("Lina Haddad"),
        date=FEB_9_2021,
        paragraphs=["Delegations met this morning."],
        category=factories.category("Europe"),
    )

    text = _soup(client.get(post.url)).main.get_text(" ", strip=True)

    in_order = [
        "Talks resume in Geneva",
        "Lina Haddad",
        "Feb 9, 2021",
        "1 min read",
        "Delegations met this morning.",
        "Europe",
        "Recent Posts",
        "See All",
        "An older post",
        "Comments",
    ]
    # Each is looked for after the one before it: a title may also appear earlier (in
    # the previous/next links), but the reference page's sequence must be there whole.
    found, start = {}, 0
    for part in in_order:
        position = text.find(part, start)
        found[part] = position
        if position == -1:
            break
        start = position + len(part)
    assert -1 not in found.values(), found


def test_author_name_links_to_the_author_page(client):
    post = factories.post(author=factories.author("Lina Haddad", slug="lina-haddad"))

    link = _soup(client.get(post.url)).select_one(".byline a")

    assert (link.get_text(), link["href"]) == ("Lina Haddad", "/author/lina-haddad/")


def test_date_is_written_short_inside_a_machine_readable_time(client):
    post = factories.post(date=FEB_9_2021)

    time = _soup(client.get(post.url)).select_one(".byline time")

    assert (time.get_text(), time["datetime"]) == ("Feb 9, 2021", "2021-02-09")


@pytest.mark.parametrize(("words", "shown"), [(1, "1 min read"), (266, "2 min read")])
def test_reading_time_is_body_words_over_265_rounded_up(client, words, shown):
    post = factories.post(paragraphs=[" ".join(["word"] * words)])

    byline = _soup(client.get(post.url)).select_one(".byline").get_text(" ", strip=True)

    assert byline.endswith(shown)


def test_reading_time_counts_headings_and_quotes_but_not_captions(client):
    image = factories.image()
    post = factories.post(
        body=[
            ("heading", {"text": " ".join(["head"] * 100), "level": "h2"}),
            ("quote", {"quote": " ".join(["quote"] * 166), "attribution": ""}),
            ("image", {"image": image, "alt_text": "A river", "caption": "x " * 300}),
        ]
    )

    assert "2 min read" in _soup(client.get(post.url)).select_one(".byline").get_text()


def test_category_and_tags_link_to_their_listings(client):
    post = factories.post(
        category=factories.category("Middle East", slug="middle-east"),
        tags=["Geneva", "Ceasefire"],
    )

    filing = _soup(client.get(post.url)).select_one(".post-filing")

    links = {a.get_text(): a["href"] for a in filing.find_all("a")}
    assert links == {
        "Middle East": "/blog/category/middle-east/",
        "Geneva": "/blog/tag/geneva/",
        "Ceasefire": "/blog/tag/ceasefire/",
    }


def test_recent_posts_are_the_three_newest_other_published_posts(client):
    def dated(title, days_before, **fields):
        return factories.post(title, date=FEB_9_2021 - dt.timedelta(days=days_before), **fields)

    post = dated("This post", 0)
    dated("Fourth newest", 4)
    dated("Third newest", 3)
    dated("Newest other", 1)
    dated("Second newest", 2)
    dated("Newer draft", 0, publish=False)

    recent = _soup(client.get(post.url)).select(".recent-posts li h3")

    assert [h.get_text() for h in recent] == ["Newest other", "Second newest", "Third newest"]


def test_recent_post_shows_its_excerpt_and_links_to_it(client):
    other = factories.post("Water talks", paragraphs=["Word " * 60], date=FEB_9_2021)
    post = factories.post(date=FEB_9_2021 + dt.timedelta(days=1))

    item = _soup(client.get(post.url)).select_one(".recent-posts li")

    assert item.a["href"] == other.url == "/post/water-talks/"
    # 28 words of 4 letters and their spaces fill 139 of the 140 characters.
    assert item.select_one(".recent-excerpt").get_text() == " ".join(["Word"] * 28) + "…"


def test_recent_post_shows_the_excerpt_its_editor_wrote(client):
    factories.post(excerpt="What the editor wrote.", date=FEB_9_2021)
    post = factories.post(date=FEB_9_2021 + dt.timedelta(days=1))

    excerpt = _soup(client.get(post.url)).select_one(".recent-excerpt").get_text()

    assert excerpt == "What the editor wrote."


def test_see_all_leads_to_the_blog_index(client):
    post = factories.post()

    see_all = _soup(client.get(post.url)).find("a", string="See All")

    assert see_all["href"] == "/blog/"
    assert client.get(see_all["href"]).status_code == 200


def test_post_reached_by_its_tree_path_redirects_permanently_to_its_address(client):
    post = factories.post("Talks resume in Geneva")

    response = client.get("/blog/talks-resume-in-geneva/")

    assert response.status_code == 301
    assert response["Location"] == post.url == "/post/talks-resume-in-geneva/"


def test_post_with_a_non_ascii_slug_is_served_not_redirected(client):
    factories.post("Café à Zürich", slug="café-à-zürich")

    response = client.get("/post/café-à-zürich/")

    assert _soup(response).h1.get_text() == "Café à Zürich"


def test_unknown_slug_is_not_found(client):
    factories.post("Talks resume in Geneva")

    assert client.get("/post/talks-resume-in-genev/").status_code == 404


def test_draft_is_not_found(client):
    post = factories.post("Not yet", publish=False)

    assert client.get(f"/post/{post.slug}/").status_code == 404


def test_unpublished_post_is_not_found(client):
    post = factories.post("Withdrawn")
    post.unpublish()

    assert client.get(f"/post/{post.slug}/").status_code == 404


def test_private_post_is_not_found(client):
    post = factories.post("For members")
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(f"/post/{post.slug}/").status_code == 404


def test_editor_can_view_a_draft_from_the_admin(admin_client):
    post = factories.post("Not yet", publish=False)

    response = admin_client.get(f"/admin/pages/{post.pk}/view_draft/")

    assert _soup(response).h1.get_text() == "Not yet"
