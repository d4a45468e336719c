"""Corrections and updates: what an editor told readers when republishing a post."""

from django.db import models


class CorrectionQuerySet(models.QuerySet):
    def shown(self):
        """Notes readers may see: on posts readers may see, newest first."""
        from broadsheet.blog.models import PostPage

        return self.filter(post__in=PostPage.objects.published()).newest_first()

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Correction(models.Model):
    """One note shown at the end of its post, made when a change to it was published."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    post = models.ForeignKey(
        "blog.PostPage", on_delete=models.CASCADE, related_name="correction_notes"
    )
    kind = models.CharField(
        max_length=12,
        choices=Kind.choices,
        help_text="Correction: something published was wrong. Update: news added since.",
    )
    note = models.CharField(
        max_length=280, help_text="One line readers see at the end of the post."
    )
    published_at = models.DateTimeField(
        help_text="When the change went live: the date readers see beside the note."
    )
    # The published version the note came with, and the one readers saw before: the two
    # sides of "what changed". Null once Wagtail's old revisions are purged.
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        indexes = [models.Index(fields=["-published_at"], name="correction_published_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note}"

    @property
    def has_changes(self) -> bool:
        return self.revision_id is not None and self.previous_revision_id is not None
