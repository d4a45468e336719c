"""Each edit throws away exactly the kept pages that show what it changed, and no others.

A site of fifteen posts is read in full through the page cache; then one thing changes,
and the test compares the addresses still kept with those kept before. Where a page is
thrown away, reading it again shows the change.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from broadsheet.blog.models import PostPage, TagDescription
from broadsheet.blog.services import post_publish
from broadsheet.blog.tests import factories
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.services import comments_moderate
from broadsheet.engagement.view_counter import view_counter
from broadsheet.masthead.models import NavigationLink, SiteSettings
from broadsheet.pagecache.stores import page_store
from broadsheet.pagecache.tests.front_client import FrontClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

HOST = "http://testserver"
LISTINGS = {
    "home": "/",
    "blog": "/blog/",
    "blog-2": "/blog/?page=2",
    "europe": "/blog/category/europe/",
    "asia": "/blog/category/asia/",
    "ana": "/author/ana/",
    "ben": "/author/ben/",
    "geneva": "/blog/tag/geneva/",
    "february": "/blog/2021/02/",
    "march": "/blog/2021/03/",
    "archive": "/blog/archive/",
    "feed": "/feed/",
    "europe-feed": "/blog/category/europe/feed/",
    "asia-feed": "/blog/category/asia/feed/",
    "ana-feed": "/author/ana/feed/",
    "ben-feed": "/author/ben/feed/",
    "geneva-feed": "/blog/tag/geneva/feed/",
    "sitemap": "/sitemap.xml",
    "sitemap-posts": "/sitemap-posts.xml",
    "robots": "/robots.txt",
}
SITEMAPS = {"sitemap", "sitemap-posts"}
EVERY_POST = {f"post-{n}" for n in range(1, 16)}


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def site(blog_index):
    """Fifteen posts from Feb 21 to Mar 7, 2021: odd ones filed under Europe, even ones
    under Asia; Ana wrote 1 to 7, Ben 8 to 15; 14 and 15 are tagged Geneva."""
    ana = factories.author("Ana", slug="ana", bio="Covers Europe.")
    ben = factories.author("Ben", slug="ben", bio="Covers Asia.")
    europe = factories.category("Europe", slug="europe")
    asia = factories.category("Asia", slug="asia")
    posts = {}
    for n in range(1, 16):
        posts[n] = factories.post(
            f"Story {n}",
            slug=f"story-{n}",
            date=_noon(dt.date(2021, 2, 20) + dt.timedelta(days=n)),
            author=ana if n <= 7 else ben,
            category=europe if n % 2 else asia,
            tags=["geneva"] if n >= 14 else (),
        )
    return posts


class Reader:
    """Reads every page of the site through the page cache, and says what is kept."""

    def __init__(self, posts):
        self.front = FrontClient()
        self.paths = {**LISTINGS, **{f"post-{n}": p.url for n, p in posts.items()}}

    def read_everything(self):
        for name, path in self.paths.items():
            answer = self.front.get(path)
            assert answer.status == 200, (name, answer.status)
        return self.kept()

    def kept(self) -> set[str]:
        urls = {url.removeprefix(HOST) for url in page_store().urls()}
        return {name for name, path in self.paths.items() if path in urls}

    def thrown_away_by(self, change, committed) -> set[str]:
        before = self.read_everything()
        assert before == set(self.paths), "every page should be kept before the change"
        with committed(execute=True):
            change()
        return before - self.kept()

    def text(self, name) -> str:
        return self.front.get(self.paths[name]).text


@pytest.fixture
def reader(site):
    return Reader(site)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the transaction's commit, as a real request's commit would."""
    return django_capture_on_commit_callbacks


def _republish(post, **changes):
    for field, value in changes.items():
        setattr(post, field, value)
    post_publish(post=post)


def test_edited_post_throws_away_the_pages_that_show_it(site, reader, committed):
    thrown = reader.thrown_away_by(
        lambda: _republish(site[8], title="Story 8, corrected"), committed
    )

    assert thrown == {
        "post-8",
        "post-7",  # Its next-post link.
        "post-9",  # Its previous-post link.
        "home",
        "blog",
        "asia",
        "ben",
        "february",
        "feed",
        "asia-feed",
        "ben-feed",
        *SITEMAPS,
    }
    assert "Story 8, corrected" in reader.text("post-9")
    assert "Story 8, corrected" in reader.text("asia")


def test_new_post_throws_away_its_lists_and_every_recent_posts_box(site, reader, committed):
    ana, europe = site[1].author, site[1].category

    def publish():
        factories.post(
            "Story 16",
            slug="story-16",
            date=_noon(dt.date(2021, 3, 8)),
            author=ana,
            category=europe,
        )

    thrown = reader.thrown_away_by(publish, committed)

    assert thrown == {
        *EVERY_POST,  # Recent Posts: the new post leads it on every post page.
        "home",
        "blog",
        "blog-2",
        "europe",
        "ana",
        "march",
        "archive",
        "feed",
        "europe-feed",
        "ana-feed",
        *SITEMAPS,
    }
    assert "Story 16" in reader.text("post-3")


def test_backdated_post_throws_away_only_the_pages_from_its_place_on(site, reader, committed):
    ben, asia = site[8].author, site[8].category

    def publish():
        factories.post(
            "Story 0", slug="story-0", date=_noon(dt.date(2021, 2, 1)), author=ben, category=asia
        )

    thrown = reader.thrown_away_by(publish, committed)

    assert thrown == {
        "post-1",  # The new post is its previous post.
        "blog-2",  # The first page of /blog/ still shows the same twelve posts.
        "home",  # Its Asia section reads from the first page of Asia's list, which changed.
        "asia",
        "ben",
        "february",
        "archive",
        "feed",  # The feeds show twenty posts.
        "asia-feed",
        "ben-feed",
        *SITEMAPS,
    }
    assert "Story 0" in reader.text("blog-2")


@pytest.mark.parametrize("how", ["unpublish", "delete"])
def test_post_taken_down_throws_away_every_page_that_showed_it(site, reader, committed, how):
    def take_down():
        post = PostPage.objects.get(pk=site[8].pk)
        post.unpublish() if how == "unpublish" else post.delete()

    thrown = reader.thrown_away_by(take_down, committed)

    assert thrown == {
        "post-8",
        "post-7",
        "post-9",
        "home",
        "blog",
        "blog-2",  # Story 3 moves up to the first page.
        "asia",
        "ben",
        "february",
        "archive",
        "feed",
        "asia-feed",
        "ben-feed",
        *SITEMAPS,
    }
    assert "Story 8" not in reader.text("post-9")
    assert "Story 3" in reader.text("blog")


def test_post_moved_in_its_lists_throws_away_the_pages_between_its_places(site, reader, committed):
    # From Feb 23 to Feb 25 13:00, between Story 5 and Story 6; the same month.
    moved = dt.datetime(2021, 2, 25, 13, tzinfo=timezone.get_current_timezone())
    thrown = reader.thrown_away_by(lambda: _republish(site[3], date=moved), committed)

    assert thrown == {
        "post-3",
        "post-2",  # Its old neighbours.
        "post-4",
        "post-5",  # Its new ones.
        "post-6",
        "home",  # It joins the latest twelve.
        "blog",
        "blog-2",
        "europe",
        "ana",
        "february",
        "feed",
        "europe-feed",
        "ana-feed",
        *SITEMAPS,
    }


def test_sticky_post_throws_away_the_home_page_and_its_own(site, reader, committed):
    thrown = reader.thrown_away_by(lambda: _republish(site[2], sticky=True), committed)

    assert thrown == {"post-2", "post-1", "post-3", "home", "blog-2", "asia", "ana",
                      "february", "feed", "asia-feed", "ana-feed", *SITEMAPS}  # fmt: skip


# The pages showing story 5's card, and with it its comment count.
STORY_5_CARDS = {"home", "blog", "europe", "ana", "february"}


def test_approved_comment_throws_away_its_post_page_and_its_cards(site, reader, committed):
    pending = factories.comment(site[5], status=Comment.Status.PENDING, body="Well argued.")

    thrown = reader.thrown_away_by(
        lambda: comments_moderate(comment_ids=[pending.pk], status=Comment.Status.APPROVED),
        committed,
    )

    assert thrown == {"post-5", *STORY_5_CARDS}
    assert "Well argued." in reader.text("post-5")
    assert "1 comment" in reader.text("europe")


def test_comment_waiting_for_moderation_throws_nothing_away(site, reader, committed):
    thrown = reader.thrown_away_by(
        lambda: factories.comment(site[5], status=Comment.Status.PENDING), committed
    )

    assert thrown == set()


def test_deleted_comment_throws_away_its_post_page(site, reader, committed):
    shown = factories.comment(site[5], body="Soon gone.")

    thrown = reader.thrown_away_by(lambda: Comment.objects.get(pk=shown.pk).delete(), committed)

    assert thrown == {"post-5", *STORY_5_CARDS}
    assert "Soon gone." not in reader.text("post-5")


def test_author_bio_throws_away_their_listing_and_feed(site, reader, committed):
    def edit():
        ana = site[1].author
        ana.bio = "Now covers the Balkans."
        ana.save()

    thrown = reader.thrown_away_by(edit, committed)

    # Her listing and feed, and her posts' author box.
    assert thrown == {"ana", "ana-feed", *(f"post-{n}" for n in range(1, 8))}
    assert "Now covers the Balkans." in reader.text("ana")
    assert "Now covers the Balkans." in reader.text("post-3")


def test_author_name_throws_away_every_byline_of_theirs(site, reader, committed):
    def edit():
        ana = site[1].author
        ana.name = "Ana Petrova"
        ana.save()

    thrown = reader.thrown_away_by(edit, committed)

    assert thrown == {
        *(f"post-{n}" for n in range(1, 8)),  # Their own posts' bylines.
        "home",
        "blog",
        "blog-2",
        "europe",
        "asia",
        "ana",
        "february",
        "feed",
        "europe-feed",
        "asia-feed",
        "ana-feed",
        *SITEMAPS,
    }
    assert "Ana Petrova" in reader.text("blog-2")


def test_category_description_throws_away_its_listing_and_feed(site, reader, committed):
    def edit():
        europe = site[1].category
        europe.description = "From Lisbon to Kyiv."
        europe.save()

    assert reader.thrown_away_by(edit, committed) == {"europe", "europe-feed"}


def test_category_name_throws_away_the_posts_filed_under_it(site, reader, committed):
    def edit():
        europe = site[1].category
        europe.name = "Europe and Central Asia"
        europe.save()

    thrown = reader.thrown_away_by(edit, committed)

    # Every page's header names the sections; the feeds of posts filed under it, and the
    # sitemaps listing its address. Asia's feed shows none of its posts; robots.txt nothing.
    assert thrown == set(reader.paths) - {"asia-feed", "robots"}
    assert "Europe and Central Asia" in reader.text("post-15")
    assert "Europe and Central Asia" in reader.text("post-2")


def test_tag_description_throws_away_the_tags_listing(site, reader, committed):
    def describe():
        geneva = site[15].tags.get()
        TagDescription.objects.create(tag=geneva, description="The talks in Switzerland.")

    assert reader.thrown_away_by(describe, committed) == {"geneva"}
    assert "The talks in Switzerland." in reader.text("geneva")


def test_comment_settings_throw_away_every_page(site, reader, committed):
    def change():
        settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
        settings.publish_immediately = True
        settings.save()

    assert reader.thrown_away_by(change, committed) == set(reader.paths)


def test_site_name_throws_away_every_page(site, reader, committed):
    def rename():
        Site.objects.filter(is_default_site=True).update(site_name="The Desk")
        Site.objects.get(is_default_site=True).save()

    assert reader.thrown_away_by(rename, committed) == set(reader.paths)
    assert "The Desk" in reader.text("home")


def test_scheduling_throws_nothing_away_until_the_post_goes_live(site, reader, committed):
    post = PostPage.objects.get(pk=site[8].pk)
    post.title = "Story 8, scheduled"
    post.go_live_at = timezone.now() + dt.timedelta(hours=1)

    thrown = reader.thrown_away_by(lambda: post.save_revision().publish(), committed)

    assert thrown == set()
    assert "Story 8, scheduled" not in reader.text("post-8")

    # An hour later, the scheduler runs: move the schedule back instead of the clock on.
    past = timezone.now() - dt.timedelta(seconds=1)
    scheduled = post.revisions.get(approved_go_live_at__isnull=False)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save()
    with committed(execute=True):
        call_command("publish_scheduled")

    assert "Story 8, scheduled" in reader.text("post-8")
    assert "Story 8, scheduled" in reader.text("post-9")


def test_draft_saved_throws_nothing_away(site, reader, committed):
    def save_draft():
        post = PostPage.objects.get(pk=site[8].pk)
        post.title = "Story 8, draft"
        post.save_revision()

    assert reader.thrown_away_by(save_draft, committed) == set()


def test_rolled_back_edit_throws_nothing_away(site, reader, committed):
    from django.db import transaction

    def edit_in_a_request_that_fails():
        with transaction.atomic():
            _republish(site[8], title="Never published")
            raise RuntimeError("the editor's request failed")

    def failed_edit():
        with pytest.raises(RuntimeError, match="the editor's request failed"):
            edit_in_a_request_that_fails()

    assert reader.thrown_away_by(failed_edit, committed) == set()


def test_counted_views_throw_away_the_pages_showing_the_posts_counts(site, reader, committed):
    def read_and_count():
        for n in range(3):
            reader.front.get(
                f"/seen/{site[5].pk}.gif",
                {"User-Agent": "Mozilla/5.0 Firefox/128.0", "X-Forwarded-For": f"192.0.2.{n}"},
            )
        view_counter.flush()

    thrown = reader.thrown_away_by(read_and_count, committed)

    # Its own page and its cards show the counts; feeds and links do not.
    assert thrown == {"post-5", "home", "blog", "europe", "ana", "february"}


def test_like_throws_away_the_pages_showing_the_posts_counts_at_the_next_flush(
    site, reader, committed
):
    def like():
        answer = reader.front.request(
            "POST", f"/post/{site[5].slug}/like/", headers={"Sec-Fetch-Site": "same-origin"}
        )
        assert answer.status == 302
        assert "post-5" in reader.kept()  # Not yet: counts may lag until the next flush.
        view_counter.flush()

    thrown = reader.thrown_away_by(like, committed)

    assert thrown == {"post-5", "home", "blog", "europe", "ana", "february"}


# Pages with the site's header (every HTML page): it names the sections with posts.
HTML_PAGES = {name for name in LISTINGS if "feed" not in name and name not in {*SITEMAPS, "robots"}}


def test_site_settings_throw_away_every_page(site, reader, committed):
    def change():
        masthead = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        masthead.tagline = "News from both ends of the continent"
        masthead.save()

    assert reader.thrown_away_by(change, committed) == set(reader.paths)
    assert "News from both ends of the continent" in reader.text("home")


def test_navigation_link_added_throws_away_every_page(site, reader, committed):
    def add_link():
        masthead = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        NavigationLink.objects.create(settings=masthead, url="/subscribe/", label="Newsletter")

    assert reader.thrown_away_by(add_link, committed) == set(reader.paths)
    assert 'href="/subscribe/">Newsletter</a>' in reader.text("post-4")


def test_first_post_in_a_section_throws_away_every_page_naming_the_sections(
    site, reader, committed
):
    africa = factories.category("Africa", slug="africa")

    def publish():
        factories.post(
            "Story 16", slug="story-16", date=_noon(dt.date(2021, 2, 1)), category=africa
        )

    thrown = reader.thrown_away_by(publish, committed)

    assert thrown >= HTML_PAGES | EVERY_POST
    assert '<a href="/blog/category/africa/">Africa</a>' in reader.text("archive")


def test_post_moved_between_sections_with_posts_leaves_the_header_alone(site, reader, committed):
    asia = site[8].category

    thrown = reader.thrown_away_by(lambda: _republish(site[3], category=asia), committed)

    # Both sections still have posts: the month archive's header is as it was.
    assert "archive" not in thrown
    assert {"europe", "asia", "post-3"} <= thrown
