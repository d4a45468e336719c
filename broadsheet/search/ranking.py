"""What the ranked searches of both databases share: how far they rank and count, and
the list-like face Django's paginator reads (sqlite_ranking.py, postgres_ranking.py)."""

# Matches counted at most: past this, the page says "more than" (counting every match of
# a word in most of 100,000 posts costs as much as ranking them).
MOST_COUNTED = 1000
# Matches ranked at most: the newest ones. A common word matches most of a big archive,
# and scoring 100,000 matches costs 0.6 s on SQLite and seconds on PostgreSQL, 5,000 a
# tenth of that; a news reader wants the recent coverage first anyway, and narrows by
# date for the rest. Index entries are numbered as posts are indexed: newest last.
MOST_RANKED = 5000


class RankedPosts:
    """The posts of ``posts`` whose index entries are ``matches``, best first, sliced
    like a list: what Django's paginator reads (``count()`` and slices).

    Two reads: the keys of the newest MOST_RANKED matches, unscored, newest first (which
    also gives the count); then ``ranked(matches, newest)`` orders those entries, and a
    slice reads that page's post ids, then those posts alone.
    """

    # The index entry's field holding the post's key, as text.
    post_key = "object_id"

    def __init__(self, posts, matches):
        self.posts = posts
        newest = list(matches.order_by("-pk").values_list("pk", flat=True)[:MOST_RANKED])
        self.found = len(newest)
        self.rows = self.ranked(matches, newest) if newest else matches.none()

    def ranked(self, matches, newest: list[int]):
        """The entries of ``matches`` whose keys are ``newest`` (newest first), best first."""
        raise NotImplementedError

    def count(self) -> int:
        return min(self.found, MOST_COUNTED)

    @property
    def more_than_counted(self) -> bool:
        """Whether more posts match than ``count()`` says (it stops at MOST_COUNTED)."""
        return self.found > MOST_COUNTED

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, items):
        if not isinstance(items, slice):
            return self[items : items + 1][0]
        ids = [int(pk) for pk in self.rows.values_list(self.post_key, flat=True)[items]]
        found = self.posts.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
