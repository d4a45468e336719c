import datetime as dt
import socket

import pytest

from broadsheet.core.sanitize import sanitize_html
from broadsheet.importers.errors import ImportFileError
from broadsheet.importers.formats import feed
from broadsheet.importers.parsing import element_text, fragment
from broadsheet.importers.records import ImageRecord, NoteRecord, PostRecord, PostStatus
from broadsheet.importers.results import Kind
from broadsheet.importers.tests.corpora import corpus

UTC = dt.UTC


def posts(path):
    return [record for record in feed.parse(path) if isinstance(record, PostRecord)]


def body_text(record):
    return element_text(fragment(record.body_html))


def write_feed(tmp_path, items, *, channel=""):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Desk</title><link>https://desk.example/</link>{channel}"
        f"{items}</channel></rss>",
        encoding="utf-8",
    )
    return path


# (file, items, first item's title, author and date, last item's, the end of its content)
FEEDS = [
    (
        "feeds/GiantRobotsSmashingIntoOtherGiantRobots.xml",
        3,
        ('"Tell, Don\'t Ask" in Elixir: A Story of Pattern-Matching', "Josh Clayton",
         dt.datetime(2016, 12, 21, tzinfo=UTC)),
        ("Solve Problems, not Strawmen", "Mike Burns", dt.datetime(2016, 12, 19, tzinfo=UTC)),
        "we are always looking for processes we can drop!",
    ),
    (
        "feeds/TechCrunch.xml",
        20,
        ("Angie’s List Sets Price Range IPO At $11 To $13 Per Share; Valued At Over $600M",
         "Leena Rao", dt.datetime(2011, 11, 2, 17, 25, 27, tzinfo=UTC)),
        ("Ooma Invades Canada, US Premier Subscribers Can Now Talk To Their Northern Cousins "
         "For Free", "Matt Burns", dt.datetime(2011, 11, 2, 12, 34, 7, tzinfo=UTC)),
        "Ooma is available at more than 4,000 leading retailers",
    ),
    (
        "feeds/rss_2.0_cloudflare.xml",
        1,
        ("Privacy-Preserving Compromised Credential Checking", "Luke Valenta",
         dt.datetime(2021, 10, 14, 12, 59, 53, tzinfo=UTC)),
        None,
        "For those interested in joining our team, please visit our Careers Page.",
    ),
    (
        "feeds/rss_2.0_element_io.xml",
        1,
        ("Simpler plans for Element, on-premise and cloud!", "Steve Loynes",
         dt.datetime(2021, 10, 11, 16, 2, 29, tzinfo=UTC)),
        None,
        "We look forward to providing even more interesting services in the near future!",
    ),
    (
        "feeds/rss_2.0_heated.xml",
        1,
        ("A conversation about Keystone XL", "Emily Atkin",
         dt.datetime(2021, 2, 3, 12, 0, 47, tzinfo=UTC)),
        None,
        "I spent so long writing the column (which is now in editing)",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("relative", "count", "first", "last", "content_end"), FEEDS)
def test_parse_reads_every_item_with_its_title_author_date_and_full_content(
    relative, count, first, last, content_end
):
    records = posts(corpus(relative))

    assert len(records) == count
    for record, expected in ((records[0], first), (records[-1], last or first)):
        assert (record.title, record.author.name, record.date) == expected
        assert record.status is PostStatus.PUBLISHED
    # The end of content:encoded (or Atom content), which no summary reaches.
    assert content_end in body_text(records[-1])


@pytest.mark.parametrize("relative", [entry[0] for entry in FEEDS])
def test_detect_recognises_each_feed(relative):
    assert feed.detect(corpus(relative))


@pytest.mark.parametrize(
    "relative",
    [
        "wordpress/themeunittestdata.wordpress.xml",
        "wordpress/64-block-test-data.xml",
        "html/trafilatura/lemire.me.json.html",
        "substack",
    ],
)
def test_detect_leaves_wordpress_exports_pages_and_folders_to_other_formats(relative):
    assert not feed.detect(corpus(relative))


def test_parse_keeps_the_posts_own_address_the_guid_tags_and_cover_image():
    (record,) = posts(corpus("feeds/rss_2.0_cloudflare.xml"))

    assert record.source_id == "feed:https://blog.cloudflare.com/:6166e7e065133e02a961145d"
    assert record.slug == "privacy-preserving-compromised-credential-checking"
    assert record.old_urls == (
        "https://blog.cloudflare.com/privacy-preserving-compromised-credential-checking/",
    )
    assert record.tags == ("Research", "Security", "Product News")
    assert record.category == ""
    assert record.cover_image == ImageRecord(
        url="https://blog.cloudflare.com/content/images/2021/10/image6-15.png"
    )
    assert record.excerpt.startswith("Announcing a public demo and open-sourced implementation")


def test_parse_takes_an_image_enclosure_as_the_cover():
    (record,) = posts(corpus("feeds/rss_2.0_heated.xml"))

    assert record.cover_image.url.startswith("https://cdn.substack.com/image/fetch/h_600")


def test_parse_redirects_from_feedburners_original_link_and_drops_its_furniture():
    record = posts(corpus("feeds/TechCrunch.xml"))[0]

    assert record.old_urls == (
        "http://techcrunch.com/2011/11/02/angies-list-prices-ipo-at-11-to-13-per-share-valued-at-over-600m/",
    )
    assert record.slug == "angies-list-prices-ipo-at-11-to-13-per-share-valued-at-over-600m"
    for furniture in ("feeds.feedburner.com", "feedads.g.doubleclick.net", "feeds.wordpress.com"):
        assert furniture not in record.body_html
    assert "Angie’s List has incurred net losses" in body_text(record)


def test_parse_reads_an_atom_feed_and_keeps_the_update_time():
    record = posts(corpus("feeds/GiantRobotsSmashingIntoOtherGiantRobots.xml"))[0]

    assert record.modified == dt.datetime(2016, 12, 20, 22, 8, 11, tzinfo=UTC)
    assert record.source_id == (
        "feed:https://robots.thoughtbot.com:https://robots.thoughtbot.com/tell-don-t-ask-in-elixir"
    )


def test_parse_uses_the_summary_when_an_item_has_no_full_content(tmp_path):
    path = write_feed(
        tmp_path,
        "<item><title>Talks resume</title><link>https://desk.example/talks-resume</link>"
        "<dc:creator>Desk Editor</dc:creator><pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Delegations met on Monday.&lt;/p&gt;</description></item>",
    )

    (record,) = posts(path)

    assert body_text(record) == "Delegations met on Monday."
    assert record.excerpt == ""
    assert record.slug == "talks-resume"


def test_parse_reads_a_podcasts_itunes_author(tmp_path):
    path = write_feed(
        tmp_path,
        '<item xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><title>Episode 1</title>'
        "<itunes:author>Pod Host</itunes:author>"
        "<pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate><description>Notes</description></item>",
    )

    (record,) = posts(path)

    assert record.author.name == "Pod Host"


def test_parse_falls_back_on_the_feeds_author_and_on_the_update_date(tmp_path):
    path = write_feed(
        tmp_path,
        '<item xmlns:atom="http://www.w3.org/2005/Atom"><title>Talks resume</title>'
        "<atom:updated>2024-03-03T09:00:00Z</atom:updated><description>Text</description></item>",
        channel="<dc:creator>Desk Editor</dc:creator>",
    )

    (record,) = posts(path)

    assert record.author.name == "Desk Editor"
    assert record.date == dt.datetime(2024, 3, 3, 9, tzinfo=UTC)


def test_parse_skips_an_item_without_a_date_or_a_title_with_a_note(tmp_path):
    path = write_feed(
        tmp_path,
        "<item><title>Undated</title><description>Text</description></item>"
        "<item><description>Untitled</description>"
        "<pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate></item>",
    )

    # Counted as skipped posts, so that the run does not read as a clean one.
    assert list(feed.parse(path)) == [
        NoteRecord("item 1 (Undated)", "skipped: the item has no date", skipped=Kind.POST),
        NoteRecord("item 2", "skipped: the item has no title", skipped=Kind.POST),
    ]


def test_parse_records_private_addresses_as_urls_and_fetches_nothing(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        pytest.fail("parsing a feed must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = write_feed(
        tmp_path,
        "<item><title>Internal</title><link>http://127.0.0.1/admin/</link>"
        "<pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate>"
        '<enclosure url="http://127.0.0.1/secret.png" type="image/png" length="0"/>'
        "<description>&lt;img src=&quot;http://169.254.169.254/latest/meta-data&quot; "
        "alt=&quot;metadata&quot;&gt;</description></item>",
    )

    (record,) = posts(path)

    assert record.cover_image == ImageRecord(url="http://127.0.0.1/secret.png")
    assert record.old_urls == ("http://127.0.0.1/admin/",)
    assert record.images == (
        ImageRecord(url="http://169.254.169.254/latest/meta-data", alt="metadata"),
    )


def test_parse_refuses_a_billion_laughs(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
        + "".join(
            f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n'
            for n in range(1, 10)
        )
        + ']>\n<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>',
        encoding="utf-8",
    )

    with pytest.raises(ImportFileError) as raised:
        list(feed.parse(path))

    assert raised.value.path == path
    assert "declares XML entities" in raised.value.message


def test_parse_refuses_an_external_entity(tmp_path):
    path = tmp_path / "external.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        '<rss version="2.0"><channel><item><title>&secret;</title></item></channel></rss>',
        encoding="utf-8",
    )

    with pytest.raises(ImportFileError, match="declares XML entities"):
        list(feed.parse(path))


@pytest.mark.parametrize("content", ["this is not XML at all", "", "<html><p>A page</p></html>"])
def test_parse_refuses_a_file_that_is_not_a_feed(tmp_path, content):
    path = tmp_path / "feed.xml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ImportFileError, match="not a readable RSS or Atom feed"):
        list(feed.parse(path))


def test_parse_passes_scripts_through_for_the_writer_to_sanitise(tmp_path):
    path = write_feed(
        tmp_path,
        "<item><title>Script</title><pubDate>Sun, 03 Mar 2024 09:00:00 GMT</pubDate>"
        "<description>&lt;p onclick=&quot;steal()&quot;&gt;Text&lt;/p&gt;"
        "&lt;script&gt;steal()&lt;/script&gt;</description></item>",
    )

    (record,) = posts(path)
    safe = sanitize_html(record.body_html)

    assert "Text" in safe
    assert "<script" not in safe
    assert "onclick" not in safe
    assert "steal" not in safe
