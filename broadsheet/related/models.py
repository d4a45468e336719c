"""What related coverage keeps: each post's words that tell it apart, and its closest posts."""

from django.db import models


class PostTerm(models.Model):
    """One of the words that most often recur in a post (its title counting thrice): the
    text half of relatedness, and the index that finds posts sharing words."""

    post = models.ForeignKey("blog.PostPage", on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    weight = models.FloatField(help_text="1 + log(times used).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "term"], name="post_term_unique")]
        indexes = [models.Index(fields=["term", "post"], name="post_term_by_term_idx")]

    def __str__(self):
        return f"{self.term} in post {self.post_id}"


class RelatedPost(models.Model):
    """``related`` is the ``rank``-th closest post to ``post`` (1 the closest)."""

    post = models.ForeignKey("blog.PostPage", on_delete=models.CASCADE, related_name="related_rows")
    related = models.ForeignKey(
        "blog.PostPage", on_delete=models.CASCADE, related_name="related_to_rows"
    )
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["post", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["post", "rank"], name="related_post_rank_unique"),
            models.UniqueConstraint(fields=["post", "related"], name="related_post_unique"),
        ]

    def __str__(self):
        return f"{self.related_id} is #{self.rank} for post {self.post_id}"
