"""Views are counted by a beacon the page carries: browsers once a day, bots never.

Views are written in batches (view_counter): each test writes what was counted with
``flush()``, where a running site's background writer would.
"""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.blog.tests import factories
from broadsheet.engagement import services
from broadsheet.engagement.models import DailyView, PostStats
from broadsheet.engagement.services import View
from broadsheet.engagement.view_counter import view_counter
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_count_shown")]


CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _seen(client, post, *, ip="203.0.113.7", user_agent=CHROME, **headers):
    return client.get(
        f"/seen/{post.pk}.gif",
        headers={"user-agent": user_agent, **headers},
        REMOTE_ADDR=ip,
    )


def _view_count(client, post):
    view_counter.flush()
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    return soup.select_one(".view-count").get_text()


def test_post_page_carries_the_beacon(client, post):
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")

    beacon = soup.select_one("img.beacon")
    assert beacon["src"] == f"/seen/{post.pk}.gif"
    assert (beacon["alt"], beacon["width"], beacon["height"]) == ("", "1", "1")


def test_editors_preview_carries_no_beacon(admin_client, post):
    response = admin_client.get(f"/admin/pages/{post.pk}/view_draft/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".like-button") is not None
    assert soup.select_one("img.beacon") is None


def test_beacon_answers_with_an_image_no_cache_may_keep(client, post):
    response = _seen(client, post)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}


def test_post_without_views_shows_zero(client, post):
    assert _view_count(client, post) == "0 views"


def test_browser_view_is_counted(client, post):
    _seen(client, post)

    assert _view_count(client, post) == "1 view"


def test_browser_is_counted_once_a_day(client, post):
    for _ in range(3):
        _seen(client, post)

    assert _view_count(client, post) == "1 view"


def test_same_browser_is_counted_again_the_next_day(client, post, clock):
    _seen(client, post)
    view_counter.flush()
    clock.advance()
    _seen(client, post)

    assert _view_count(client, post) == "2 views"


def test_readers_at_other_addresses_are_counted_each(client, post):
    for ip in ("203.0.113.7", "198.51.100.23", "2001:db8::1"):
        _seen(client, post, ip=ip)

    assert _view_count(client, post) == "3 views"


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0.0.0",
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) Chrome-Lighthouse",
        "",
        "   ",
    ],
)
def test_bots_and_requests_without_a_user_agent_are_not_counted(client, post, user_agent):
    response = _seen(client, post, user_agent=user_agent)

    assert response.status_code == 200
    assert _view_count(client, post) == "0 views"


def test_beacon_shown_on_another_site_is_not_counted(client, post):
    _seen(client, post, **{"sec-fetch-site": "cross-site"})
    _seen(client, post, ip="198.51.100.23", **{"sec-fetch-site": "same-origin"})

    assert _view_count(client, post) == "1 view"


def test_beacon_of_a_draft_counts_nothing(client):
    draft = factories.post("Not yet", publish=False)

    # The answer is the same picture: it must not tell which drafts exist.
    assert _seen(client, draft).status_code == 200
    view_counter.flush()
    assert not DailyView.objects.exists()


def test_beacon_of_no_post_counts_nothing(client, post):
    assert client.get("/seen/999999.gif").status_code == 200
    assert view_counter.flush() == {}


def test_beacon_refuses_post(client, post):
    assert client.post(f"/seen/{post.pk}.gif").status_code == 405


def test_rendering_the_post_page_writes_nothing(client, post):
    _seen(client, post)
    view_counter.flush()
    client.get(post.url)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(post.url, headers={"user-agent": CHROME})

    assert response.status_code == 200
    assert "1 view" in response.content.decode()
    statements = [q["sql"].lstrip().upper() for q in captured]
    assert any(sql.startswith("SELECT") for sql in statements)
    assert [sql for sql in statements if sql.startswith(WRITES)] == []


def test_counting_forgets_readers_after_two_days_and_keeps_the_counts(client, post, clock):
    _seen(client, post)
    view_counter.flush()
    first_day = clock.day
    clock.advance(2)
    _seen(client, post, ip="198.51.100.23")
    view_counter.flush()
    assert DailyView.objects.filter(day=first_day).exists()

    clock.advance()
    _seen(client, post, ip="198.51.100.23")
    view_counter.flush()

    assert not DailyView.objects.filter(day=first_day).exists()
    assert PostStats.objects.get(post=post).view_count == 3


def test_view_of_a_post_deleted_while_held_is_dropped(post):
    post_id = post.pk
    post.delete()

    counted = services.views_record(
        views=[View(post_id=post_id, reader_hash="0" * 64, day=dt.date(2021, 3, 1))]
    )

    assert counted == {}
    assert not DailyView.objects.exists()


def test_a_batch_counts_each_reader_once_whatever_came_before(post):
    day = dt.date(2021, 3, 1)
    readers = [f"{n:064x}" for n in range(300)]
    services.views_record(views=[View(post.pk, h, day) for h in readers[:100]])

    # Every reader seen three times, the first hundred already counted.
    counted = services.views_record(views=[View(post.pk, h, day) for h in readers * 3])

    assert counted == {post.pk: 200}
    assert PostStats.objects.get(post=post).view_count == 300


def test_beacons_write_nothing_until_the_counter_flushes(client, post):
    with CaptureQueriesContext(connection) as captured:
        for n in range(20):
            _seen(client, post, ip=f"198.51.100.{n}")

    assert captured.captured_queries == []
    assert view_counter.flush() == {post.pk: 20}
    assert PostStats.objects.get(post=post).view_count == 20


def test_views_held_when_the_database_refuses_are_written_next_time(post, monkeypatch):
    view_counter.add(View(post.pk, "a" * 64, dt.date(2021, 3, 1)))

    def locked(**kwargs):
        raise services.transaction.TransactionManagementError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr("broadsheet.engagement.view_counter.views_record", locked)
        with pytest.raises(services.transaction.TransactionManagementError):
            view_counter.flush()

    assert view_counter.flush() == {post.pk: 1}


def test_beacon_is_answered_before_django_runs(post):
    front = FrontClient()

    with CaptureQueriesContext(connection) as captured:
        answer = front.get(f"/seen/{post.pk}.gif", {"User-Agent": CHROME})

    assert (answer.status, answer.body[:6]) == (200, b"GIF89a")
    assert "no-store" in answer.headers["cache-control"]
    assert answer.headers["cross-origin-resource-policy"] == "same-origin"
    assert captured.captured_queries == []
    assert view_counter.flush() == {post.pk: 1}
