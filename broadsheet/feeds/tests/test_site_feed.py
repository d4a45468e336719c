import calendar
import html

import pytest
from wagtail.rich_text import RichText

from broadsheet.blog.tests import factories
from broadsheet.feeds.feeds import COVER_RENDITION

FEEDS = {"rss": "/feed/", "atom": "/feed/atom/"}
both_formats = pytest.mark.parametrize("url", FEEDS.values(), ids=FEEDS.keys())


def timestamp(parsed_time):
    """feedparser's UTC ``time.struct_time`` as seconds since the epoch."""
    return calendar.timegm(parsed_time)


@pytest.mark.django_db
@both_formats
def test_an_item_carries_everything_a_reader_shows(read_feed, cover_image, url):
    post = factories.post(
        "Talks resume in Geneva",
        paragraphs=["Delegations met at the Palais des Nations on Monday."],
        excerpt="Both sides are back at the table.",
        author=factories.author("Mina Haddad"),
        category=factories.category("Europe"),
        tags=["Diplomacy", "Switzerland"],
        cover_image=cover_image,
        cover_image_alt="A gauging station on a river.",
    )
    rendition = cover_image.get_rendition(COVER_RENDITION)

    [entry] = read_feed(url).entries

    assert entry.title == "Talks resume in Geneva"
    assert entry.link == "http://testserver/post/talks-resume-in-geneva/"
    assert entry.id == f"urn:uuid:{post.translation_key}"
    assert "Delegations met at the Palais des Nations on Monday." in entry.content[0].value
    assert entry.summary == "Both sides are back at the table."
    assert entry.author == "Mina Haddad"
    assert sorted(tag.term for tag in entry.tags) == ["Diplomacy", "Europe", "Switzerland"]
    [enclosure] = entry.enclosures
    assert enclosure.href == f"http://testserver{rendition.url}"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == rendition.file.size > 0
    assert timestamp(entry.published_parsed) == post.date.timestamp()


@pytest.mark.django_db
def test_atom_entries_say_when_they_were_last_published(read_feed):
    post = factories.post()

    [entry] = read_feed(FEEDS["atom"]).entries

    assert timestamp(entry.updated_parsed) == int(post.last_published_at.timestamp())


@pytest.mark.django_db
def test_a_title_with_markup_characters_reads_as_written(read_feed):
    title = "Q&A: why <b> tags & “quotes” <script>alert(1)</script> matter"
    factories.post(title, slug="q-and-a")

    [rss_entry] = read_feed(FEEDS["rss"]).entries
    [atom_entry] = read_feed(FEEDS["atom"]).entries

    # RSS titles are HTML, so the words come back as escaped markup; Atom's are text.
    assert rss_entry.title_detail.type == "text/html"
    assert html.unescape(rss_entry.title) == title
    assert atom_entry.title == title


@pytest.mark.django_db
@both_formats
def test_holds_the_latest_twenty_posts_newest_first(read_feed, url):
    posts = [factories.post() for _ in range(25)]
    newest_first = sorted(posts, key=lambda p: p.date, reverse=True)

    entries = read_feed(url).entries

    assert [e.title for e in entries] == [p.title for p in newest_first[:20]]


@pytest.mark.django_db
@both_formats
def test_drafts_never_appear(read_feed, url):
    factories.post("Out now")
    factories.post("Not yet", publish=False)

    assert [e.title for e in read_feed(url).entries] == ["Out now"]


@pytest.mark.django_db
@both_formats
def test_links_and_pictures_in_the_body_point_at_the_site(read_feed, cover_image, url):
    earlier = factories.post("Earlier report")
    factories.post(
        "Follow-up",
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>See <a linktype="page" id="{earlier.pk}">our report</a>'
                    ' and <a href="#notes">the notes</a>.</p>'
                ),
            ),
            ("image", {"image": cover_image, "alt_text": "The river.", "caption": ""}),
        ],
    )

    content = read_feed(url).entries[0].content[0].value

    assert 'href="http://testserver/post/earlier-report/"' in content
    assert 'href="http://testserver/post/follow-up/#notes"' in content
    assert 'src="http://testserver/media/images/' in content


@pytest.mark.django_db
def test_an_item_keeps_its_id_when_the_post_is_renamed(read_feed):
    post = factories.post("First headline")
    before = read_feed(FEEDS["rss"]).entries[0].id

    post.title, post.slug = "Better headline", "better-headline"
    factories.post_publish(post=post)
    after = read_feed(FEEDS["rss"]).entries[0]

    assert after.link == "http://testserver/post/better-headline/"
    assert after.id == before


@pytest.mark.django_db
@both_formats
def test_shared_caches_may_keep_a_feed(client, url):
    response = client.get(url)

    assert response["Content-Type"].startswith(("application/rss+xml", "application/atom+xml"))
    assert "public" in response["Cache-Control"]
    assert "s-maxage=300" in response["Cache-Control"]
