"""What the ranked searches of both databases share: how many matches they rank, and the
list-like face Django's paginator reads (sqlite_ranking.py, postgres_ranking.py).

A search ranks the newest MOST_RANKED matches that pass its filters, newest by the
post's date (on SQLite, among the most recently indexed matches first: the same posts
for an archive indexed in the order it was written). A common word matches most of a
big archive, and scoring every match costs as much as the archive is big (a word in
100,000 posts: 0.6 s on SQLite, seconds on PostgreSQL); the newest few hundred cost a
few milliseconds whatever the archive's size. A news reader wants the recent coverage
first anyway, and narrows by date (or by more words) for older coverage: the page says
"More than 500 results" when there are more.
"""

# Matches ranked, counted and shown at most.
MOST_RANKED = 500


class RankedPosts:
    """The posts of ``posts`` matching ``search_query`` and not ``exclude``, best first,
    sliced like a list: what Django's paginator reads (``count()`` and slices).

    Two reads before a page: the keys of the newest MOST_RANKED matches (and whether
    there are more), then ``ranked(keys)``, their posts' ids best first; a page is then
    its slice of those ids, and those posts alone.
    """

    def __init__(self, posts, search_query, *, exclude=None):
        self.posts = posts
        self.search_query = search_query
        self.exclude = exclude
        newest = self.newest(posts.order_by(), limit=MOST_RANKED + 1)
        self.found = len(newest)
        self.ranked_ids = self.ranked(newest[:MOST_RANKED]) if newest else []

    def newest(self, posts, *, limit: int) -> list[int]:
        """Keys of the newest ``limit`` matches among ``posts``, newest first: whatever
        ``ranked`` takes."""
        raise NotImplementedError

    def ranked(self, keys: list[int]) -> list[int]:
        """The ids of the posts of the matches ``keys``, best first."""
        raise NotImplementedError

    def count(self) -> int:
        return min(self.found, MOST_RANKED)

    @property
    def more_than_counted(self) -> bool:
        """Whether more posts match than ``count()`` says (it stops at MOST_RANKED)."""
        return self.found > MOST_RANKED

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, items):
        if not isinstance(items, slice):
            return self[items : items + 1][0]
        ids = self.ranked_ids[items]
        found = self.posts.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]
