"""Following a story by email, against a real SMTP server on loopback: ask on the story's
page, confirm from the email, get each new post in the story once, stop in one click."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.core.tests.queue import run_queued_tasks
from broadsheet.newsletter.models import Delivery, Subscriber
from broadsheet.newsletter.selectors import subscriber_counts, subscriber_growth
from broadsheet.newsletter.tests.factories import editor, subscriber
from broadsheet.stories.models import StoryFollow, StoryUpdate
from broadsheet.stories.tests import factories

SITE = "https://news.example.org"
LINK = re.compile(r"https://news\.example\.org(/story/[^\s\"<>]+)")
SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def talks():
    story = factories.story("Nuclear talks", slug="talks", summary="Every round.")
    factories.post_in(story, "Round 1")
    return story


def _follower(story, email="ana@example.org"):
    # As confirming the follow leaves it: the mailbox confirmed.
    reader = subscriber(email, status=Subscriber.Status.FOLLOWER, confirmed_at=timezone.now())
    return StoryFollow.objects.create(story=story, subscriber=reader)


def _publish_into(stories, title, **fields):
    """A new post an editor publishes into ``stories`` from the admin."""
    return factories.post_in(stories, title, user=editor(), date=timezone.now(), **fields)


def _links(text):
    return {match.replace("&amp;", "&") for match in LINK.findall(text)}


def test_reader_follows_confirms_and_gets_the_next_post(client, smtp_mailers, talks):
    answer = client.post("/story/talks/follow/", {"email": " Ana@Example.ORG "}, **SAME_SITE)

    assert answer.status_code == 302
    assert answer["Location"] == "/story/talks/?follow=sent#follow"
    assert "Check your inbox" in client.get(answer["Location"]).text
    (confirmation,) = smtp_mailers.wait_for(1)
    assert confirmation.recipients == ("ana@example.org",)
    assert confirmation.message["Subject"] == "Confirm you want to follow “Nuclear talks”"
    (confirm_path,) = {p for p in _links(confirmation.part("text/plain")) if "/confirm/" in p}
    assert not StoryFollow.objects.exists(), "nothing is followed before the link is used"

    assert "ana@example.org" in client.get(confirm_path).text
    confirmed = client.post(confirm_path, **SAME_SITE)

    follow = StoryFollow.objects.get()
    assert confirmed["Location"] == f"/story/following/{follow.token}/?welcome=1"
    assert "you follow this story" in client.get(confirmed["Location"]).text
    assert follow.subscriber.status == Subscriber.Status.FOLLOWER

    post = _publish_into(talks, "Round 2", excerpt="The delegations met in Muscat.")

    received = smtp_mailers.wait_for(2)[1]
    assert received.recipients == ("ana@example.org",)
    assert received.message["Subject"] == "Nuclear talks: Round 2"
    following = f"{SITE}/story/following/{follow.token}/"
    assert received.message["List-Unsubscribe"] == f"<{following}>"
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for part in (received.part("text/plain"), received.part("text/html")):
        assert "The delegations met in Muscat." in part
        assert f"{SITE}/post/{post.slug}/" in part
        assert f"{SITE}/story/talks/" in part
        assert following in part
        assert "/subscribe/unsubscribe/" not in part


def test_bad_address_is_refused_and_keeps_what_the_reader_typed(client, smtp_mailers, talks):
    answer = client.post("/story/talks/follow/", {"email": "ana@@example"}, **SAME_SITE)

    assert answer.status_code == 400
    assert 'value="ana@@example"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert "no-cache" in answer["Cache-Control"] or "private" in answer["Cache-Control"]
    assert not smtp_mailers.messages


def test_form_posted_from_another_site_is_refused(client, smtp_mailers, talks):
    answer = client.post(
        "/story/talks/follow/", {"email": "ana@example.org"}, HTTP_SEC_FETCH_SITE="cross-site"
    )

    assert answer.status_code == 403
    assert not smtp_mailers.messages


def test_story_page_form_carries_nothing_of_one_reader(client, talks):
    html = client.get("/story/talks/").text

    assert "csrfmiddlewaretoken" not in html
    assert 'action="/story/talks/follow/"' in html


def test_asking_again_when_following_sends_a_reminder_not_a_link(client, smtp_mailers, talks):
    follow = _follower(talks)

    client.post("/story/talks/follow/", {"email": "ana@example.org"}, **SAME_SITE)

    (reminder,) = smtp_mailers.wait_for(1)
    assert reminder.message["Subject"] == "You follow “Nuclear talks” already"
    assert _links(reminder.part("text/plain")) >= {f"/story/following/{follow.token}/"}
    assert not any("/confirm/" in link for link in _links(reminder.part("text/plain")))


def test_new_post_reaches_each_follower_exactly_once(smtp_mailers, talks, database_queue):
    ana, ben = _follower(talks, "ana@example.org"), _follower(talks, "ben@example.org")
    _follower(factories.story("Other story"), "cy@example.org")

    post = _publish_into(talks, "Round 2")
    run_queued_tasks()
    # Published again (an edit), and the worker run again: nobody hears twice.
    post.title = "Round 2, in Muscat"
    post.save_revision(user=editor()).publish(user=editor())
    run_queued_tasks()

    received = smtp_mailers.messages
    assert sorted(m.recipients[0] for m in received) == ["ana@example.org", "ben@example.org"]
    assert StoryUpdate.objects.filter(post=post).count() == 1
    deliveries = Delivery.objects.filter(issue__story_update__post=post)
    assert {d.subscriber_id for d in deliveries} == {ana.subscriber_id, ben.subscriber_id}
    assert {d.status for d in deliveries} == {Delivery.Status.SENT}


def test_post_in_two_followed_stories_is_sent_once(smtp_mailers, talks, database_queue):
    sanctions = factories.story("Sanctions", slug="sanctions")
    ana = _follower(talks).subscriber
    StoryFollow.objects.create(story=sanctions, subscriber=ana)

    _publish_into([talks, sanctions], "Deal reached")
    run_queued_tasks()

    (received,) = smtp_mailers.messages
    assert received.message["Subject"] in {"Nuclear talks: Deal reached", "Sanctions: Deal reached"}


def test_one_click_stops_the_story_and_nothing_else(client, smtp_mailers, talks):
    follow = _follower(talks)
    other = StoryFollow.objects.create(
        story=factories.story("Sanctions", slug="sanctions"), subscriber=follow.subscriber
    )

    # RFC 8058: what a mail client's unsubscribe button sends, from its own servers.
    answer = client.post(
        f"/story/following/{follow.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert answer.status_code == 200
    assert "no longer follows" in answer.text
    follow.refresh_from_db()
    other.refresh_from_db()
    assert (follow.is_active, other.is_active) == (False, True)
    _publish_into(talks, "Round 2")
    assert not smtp_mailers.messages


def test_followers_get_no_newsletter_and_subscribers_no_story(smtp_mailers, talks):
    _follower(talks, "ana@example.org")
    subscriber("ben@example.org")

    _publish_into([], "Weather report")
    _publish_into(talks, "Round 2")

    sent = sorted((m.recipients[0], m.message["Subject"]) for m in smtp_mailers.messages)
    assert sent == [
        ("ana@example.org", "Nuclear talks: Round 2"),
        ("ben@example.org", "Round 2"),
        ("ben@example.org", "Weather report"),
    ]


def test_old_post_added_to_a_story_is_not_sent(smtp_mailers, talks):
    _follower(talks)

    last_month = timezone.now() - dt.timedelta(days=30)
    factories.post_in(talks, "From the archive", user=editor(), date=last_month)

    assert not smtp_mailers.messages
    assert not StoryUpdate.objects.exists()


def test_expired_or_forged_link_explains_itself(client, talks):
    answer = client.get("/story/follow/confirm/not-a-real-token/")

    assert answer.status_code == 400
    assert "This link does not work" in answer.text
    assert not StoryFollow.objects.exists()


def test_a_follower_is_not_counted_as_joining_the_newsletter(talks):
    _follower(talks, "ana@example.org")
    subscriber("ben@example.org")

    assert subscriber_counts()["active"] == 1
    assert sum(week.joined for week in subscriber_growth()) == 1
