"""Which kept pages an edit to the blog changes: all of them, and no others.

The page cache keeps each page under the tags it declared (``cache_tags``). An edit to a
post's content throws away every page carrying ``post:<id>``. When a post also enters,
leaves or moves in a list (published, unpublished, deleted, re-dated, re-filed), the
pages of that list from its old or new place on change too, as do its new neighbours'
previous/next links, Recent Posts when it is among the newest, the month archive and
the sitemap. ``post_changed_tags`` works them out from where the post stood before the
save and where it stands after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from broadsheet.blog import cache_tags
from broadsheet.blog.models import RECENT_POSTS_COUNT, PostPage, PostTag
from broadsheet.blog.pagination import POSTS_PER_PAGE
from broadsheet.blog.sections import sections_changed

# As many posts as the feeds show (broadsheet.feeds.feeds.FEED_LENGTH): the feeds of a
# list change when a post enters or leaves its first this-many places.
FEED_LENGTH = 20


@dataclass(frozen=True)
class Placement:
    """Where a published post stands: what decides the lists it is in, and its place there."""

    pk: int
    date: dt.datetime
    sticky: bool
    author_id: int | None
    category_id: int | None
    tag_ids: frozenset[int]

    def listings(self) -> set[str]:
        local = timezone.localtime(self.date)
        names = {cache_tags.ALL, cache_tags.month_listing(local.year, local.month)}
        if self.author_id:
            names.add(cache_tags.author_listing(self.author_id))
        if self.category_id:
            names.add(cache_tags.category_listing(self.category_id))
        names.update(cache_tags.tag_listing(pk) for pk in self.tag_ids)
        return names

    def same_lists_and_order(self, other: Placement | None) -> bool:
        """True when this and ``other`` put the post in the same lists, at the same place.

        Being sticky changes only the home page's order, which is checked on its own.
        """
        return other is not None and (
            (self.date, self.author_id, self.category_id, self.tag_ids)
            == (other.date, other.author_id, other.category_id, other.tag_ids)
        )

    @property
    def month(self) -> tuple[int, int]:
        local = timezone.localtime(self.date)
        return local.year, local.month


def placement_of(pk: int | None) -> Placement | None:
    """Where post ``pk`` stands now; None when readers cannot see it."""
    if pk is None:
        return None
    row = (
        PostPage.objects.published()
        .filter(pk=pk)
        .values("pk", "date", "sticky", "author_id", "category_id")
        .first()
    )
    if row is None:
        return None
    tag_ids = PostTag.objects.filter(content_object_id=pk).values_list("tag_id", flat=True)
    return Placement(**row, tag_ids=frozenset(tag_ids))


def _listing_posts(name: str):
    """The published posts of a list named as ``cache_tags`` names them."""
    posts = PostPage.objects.published()
    kind, _, value = name.partition("-")
    if kind == "category":
        return posts.filter(category_id=int(value))
    if kind == "author":
        return posts.filter(author_id=int(value))
    if kind == "tag":
        return posts.filter(tagged_items__tag_id=int(value))
    if kind == "month":
        year, month = (int(part) for part in value.split("-"))
        return posts.in_month(year, month)
    return posts


def _rank(posts, placement: Placement) -> int:
    """How many of ``posts`` come before ``placement`` in a listing (newest first)."""
    before = Q(date__gt=placement.date) | Q(date=placement.date, pk__gt=placement.pk)
    return posts.exclude(pk=placement.pk).filter(before).count()


def _listing_tags(name: str, before: Placement | None, after: Placement | None) -> set[str]:
    """The pages of one list that change when a post moves from ``before`` to ``after``.

    Pages before the post's first place keep their posts; from there on every page
    changes when it arrives or leaves (the rest shift by one), but only the pages
    between its two places when it moves within the list.
    """
    posts = _listing_posts(name)
    ranks = [_rank(posts, p) for p in (before, after) if p is not None and name in p.listings()]
    if not ranks:
        return set()
    first_page = min(ranks) // POSTS_PER_PAGE + 1
    if len(ranks) == 2:
        last_page = max(ranks) // POSTS_PER_PAGE + 1
    else:
        # The list grew or shrank by one: up to its last page, as it is or as it was.
        last_page = (posts.count() + 1) // POSTS_PER_PAGE + 1
    tags = {cache_tags.listing_page(name, n) for n in range(first_page, last_page + 1)}
    if min(ranks) < FEED_LENGTH:
        tags.add(cache_tags.listing_feed(name))
    return tags


def post_changed_tags(pk: int, *, before: Placement | None, after: Placement | None) -> set[str]:
    """The tags of every kept page that changes when post ``pk`` changes like this."""
    # Every page that showed the post, in any form, and its own page.
    tags = {cache_tags.post(pk), cache_tags.post_page(pk)}
    if before is None and after is None:
        return tags  # A draft: no reader saw it, none will.
    tags.add(cache_tags.whole_listing(cache_tags.SITEMAP))
    if before is not None and after is not None and before.same_lists_and_order(after):
        if before.sticky != after.sticky:
            tags |= _tags_where_it_now_appears(after)
        return tags  # Its content changed, not its place in any list.
    listings = (before.listings() if before else set()) | (after.listings() if after else set())
    for name in listings:
        tags |= _listing_tags(name, before, after)
    if before is None or after is None or before.month != after.month:
        tags.add(cache_tags.whole_listing(cache_tags.ARCHIVE))
    left = before.category_id if before else None
    entered = after.category_id if after else None
    if sections_changed(left=left, entered=entered):
        tags.add(cache_tags.SECTIONS)
    if after is not None:
        tags |= _tags_where_it_now_appears(after)
    return tags


def _tags_where_it_now_appears(after: Placement) -> set[str]:
    """Pages that did not show the post and now do: where it was, they carry post:<id>."""
    tags = set()
    home_posts = PostPage.objects.published().order_by("-sticky", "-date", "-pk")
    home_ids = set(home_posts.values_list("pk", flat=True)[:POSTS_PER_PAGE])
    if after.pk in home_ids:
        tags.add(cache_tags.whole_listing(cache_tags.HOME))
    # Each post page's Recent Posts shows the newest few but itself.
    if _rank(PostPage.objects.published(), after) <= RECENT_POSTS_COUNT:
        tags.add(cache_tags.RECENT)
    post = PostPage(pk=after.pk, date=after.date)
    for neighbour in PostPage.objects.adjacent(post):
        if neighbour is not None:
            tags.add(cache_tags.post_page(neighbour.pk))
    return tags
