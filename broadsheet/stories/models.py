"""Stories: posts an editor groups under one running subject ("Iran-Russia relations"),
read as a dated timeline, and followed by feed or by email."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

# As many earlier posts as a post's "Previously in this story" box lists.
PREVIOUSLY_COUNT = 5


class StoryQuerySet(models.QuerySet):
    def with_latest_post(self):
        """Each story with ``latest_post_date``, its newest published post's date (or None)."""
        from broadsheet.blog.models import PostPage

        published = PostPage.objects.published().values("pk")
        return self.annotate(
            latest_post_date=Max(
                "memberships__post__date", filter=Q(memberships__post__in=published)
            )
        )

    def shown(self):
        """Stories readers may see: those with at least one published post, latest first."""
        return (
            self.with_latest_post()
            .filter(latest_post_date__isnull=False)
            .order_by("-latest_post_date", "-pk")
        )


class Story(index.Indexed, models.Model):
    title = models.CharField(max_length=160, help_text="E.g. “Iran–Russia relations”.")
    slug = models.SlugField(
        max_length=160,
        unique=True,
        allow_unicode=True,
        help_text="Its timeline's address: /story/<slug>/.",
    )
    summary = models.CharField(
        max_length=280,
        blank=True,
        help_text="One or two sentences: shown in the list of stories, in feeds and in shares.",
    )
    description = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="What the story is about and why it matters: shown above its timeline.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: shown at the top of the story's page.",
    )
    cover_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="What the cover picture shows. Required when there is a cover image.",
    )
    is_open = models.BooleanField(
        "still developing",
        default=True,
        help_text="Untick when the story has ended: its page says so and stops offering email.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading="Cover image"
        ),
        FieldPanel("is_open"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:story", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_image_alt.strip():
            raise ValidationError(
                {"cover_image_alt": "Describe the cover picture for readers who cannot see it."}
            )


class StoryPost(models.Model):
    """A post's place in a story. Part of the post's content (a ParentalKey): added on its
    edit form, it reaches readers when that version of the post is published."""

    post = ParentalKey("blog.PostPage", on_delete=models.CASCADE, related_name="story_memberships")
    story = models.ForeignKey(
        Story,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="The story this post belongs to: its timeline lists it by date.",
    )

    panels = [FieldPanel("story")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "post"], name="stories_post_once_a_story")
        ]
        indexes = [models.Index(fields=["post"], name="stories_membership_post_idx")]

    def __str__(self):
        return f"{self.post_id} in {self.story_id}"


def new_token() -> str:
    """The secret in a follower's link to stop following."""
    return secrets.token_urlsafe(24)


class StoryFollowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(unfollowed_at__isnull=True)


class StoryFollow(models.Model):
    """A mailbox that confirmed it wants each new post of a story by email."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="follows")
    # The newsletter's row for the mailbox: one address, its bounces counted once.
    subscriber = models.ForeignKey(
        "newsletter.Subscriber", on_delete=models.CASCADE, related_name="story_follows"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    followed_at = models.DateTimeField(default=timezone.now)
    unfollowed_at = models.DateTimeField(null=True, blank=True)

    objects = StoryFollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["story", "subscriber"], name="stories_follow_once_a_mailbox"
            )
        ]

    def __str__(self):
        return f"{self.subscriber_id} follows {self.story_id}"

    @property
    def is_active(self) -> bool:
        return self.unfollowed_at is None


class StoryUpdate(models.Model):
    """The email telling a story's followers about one of its posts: once a story and post.

    Its deliveries are the newsletter's (``issue``): the same exactly-once ledger.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="updates")
    post = models.ForeignKey("blog.PostPage", on_delete=models.CASCADE, related_name="+")
    # None when the story had no follower to tell.
    issue = models.OneToOneField(
        "newsletter.Issue",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="story_update",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "post"], name="stories_update_once_a_post")
        ]

    def __str__(self):
        return f"{self.story_id}: {self.post_id}"
