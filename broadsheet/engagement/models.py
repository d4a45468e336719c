"""Likes and views of posts: the counts readers see, and who was counted today.

Who was counted is never a person: it is a hash that changes every day (see readers.py).
"""

from django.db import models


class PostStats(models.Model):
    """A post's counts, kept apart from the page so counting never writes a page revision.

    Denormalised: pages read the counts with the post in one join (``select_related("stats")``)
    instead of counting rows. A post nobody has liked or viewed yet has no row: show 0.
    """

    post = models.OneToOneField(
        "blog.PostPage", on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    view_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "post stats"

    def __str__(self):
        return f"{self.view_count} views, {self.like_count} likes"


class ReaderDay(models.Model):
    """One reader counted once on one post on one day; a second row that day is refused."""

    post = models.ForeignKey("blog.PostPage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # HMAC-SHA256, hex: of the reader's address and browser under that day's salt.
    reader_hash = models.CharField(max_length=64)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["post", "day", "reader_hash"], name="%(app_label)s_%(class)s_once_a_day"
            )
        ]
        # Pruning deletes by day alone, which the unique index, led by post, cannot serve.
        indexes = [models.Index(fields=["day"], name="%(app_label)s_%(class)s_day_idx")]

    def __str__(self):
        return f"{self.day}: post {self.post_id}"


class Like(ReaderDay):
    """A like; besides once per reader, at most ``LIKES_PER_ADDRESS`` per address a day.

    Changing the browser (the user agent) makes another reader, so one address could
    otherwise like a post once per user agent it sends. Each like from an address takes a
    numbered slot, and (post, day, address, slot) is unique: the database itself refuses
    a slot past the last, whatever requests race.
    """

    # HMAC of the address alone under the day's salt; empty for likes counted before.
    address_hash = models.CharField(max_length=64, null=True, blank=True)
    address_slot = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(ReaderDay.Meta):
        constraints = [
            *ReaderDay.Meta.constraints,
            models.UniqueConstraint(
                fields=["post", "day", "address_hash", "address_slot"],
                name="engagement_like_address_slots",
            ),
        ]


class DailyView(ReaderDay):
    pass
