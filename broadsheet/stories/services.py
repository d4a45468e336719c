"""Writes of stories: following one by email, and queueing the email of a new post in it."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from broadsheet.blog.models import PostPage
from broadsheet.newsletter.models import Delivery, Issue, Subscriber
from broadsheet.newsletter.sending import deliveries_queue
from broadsheet.stories.models import Story, StoryFollow, StoryUpdate
from broadsheet.stories.tokens import FollowRequest

# A post added to a story this long after it was published is not news to its followers:
# they hear of posts published into the story, or added to it within this time.
NEWS_FOR = dt.timedelta(days=2)


# ---- Readers ---------------------------------------------------------------------------------


def story_follow_request(*, request: FollowRequest) -> None:
    """Someone asked on the story's page for its new posts at ``request.email``: a
    confirmation link goes there (or, to a follower, a reminder that they follow it)."""
    from broadsheet.stories.tasks import send_follow_email

    send_follow_email.enqueue(email=request.email, story_id=request.story_id)


@transaction.atomic
def story_follow_confirm(*, request: FollowRequest) -> StoryFollow | None:
    """The mailbox's owner followed the link: they follow the story. None if it is gone.

    The mailbox is the newsletter's subscriber row; one new to the site follows stories
    only (``Subscriber.Status.FOLLOWER``) and gets no newsletter.
    """
    story = Story.objects.filter(pk=request.story_id).first()
    if story is None:
        return None
    now = timezone.now()
    subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
        email=request.email,
        defaults={"status": Subscriber.Status.FOLLOWER, "confirmed_at": now},
    )
    if subscriber.status == Subscriber.Status.PENDING:
        # The mailbox is confirmed now: no longer one to forget after a month (its
        # newsletter link, if still valid, can still subscribe it).
        subscriber.status = Subscriber.Status.FOLLOWER
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["status", "confirmed_at"])
    follow, created = StoryFollow.objects.get_or_create(story=story, subscriber=subscriber)
    if not created and not follow.is_active:
        follow.unfollowed_at = None
        follow.followed_at = now
        follow.save(update_fields=["unfollowed_at", "followed_at"])
    return follow


def story_unfollow(*, follow: StoryFollow) -> bool:
    """No more email about this story, at once. True if this changed anything."""
    return bool(
        StoryFollow.objects.filter(pk=follow.pk, unfollowed_at__isnull=True).update(
            unfollowed_at=timezone.now()
        )
    )


# ---- Updates ---------------------------------------------------------------------------------


def _recipient_ids(story: Story, post: PostPage) -> list[int]:
    """The story's followers, but those told of this post by another story's email."""
    told = Delivery.objects.filter(issue__story_update__post=post).values("subscriber_id")
    follows = (
        StoryFollow.objects.active()
        .filter(story=story)
        .exclude(subscriber__status=Subscriber.Status.BOUNCING)
        .exclude(subscriber_id__in=told)
    )
    return list(follows.order_by("subscriber_id").values_list("subscriber_id", flat=True))


def story_updates_queue(*, post_id: int, now: dt.datetime | None = None) -> list[StoryUpdate]:
    """Queue, once for each story the published post is in, the email to its followers.

    Nothing for a post published long ago (``NEWS_FOR``), unpublished since, or whose
    editor unticked "email subscribers". One email a reader, whatever the stories they
    follow the post in.
    """
    now = now or timezone.now()
    post = PostPage.objects.published().filter(pk=post_id, email_subscribers=True).first()
    if post is None or post.date < now - NEWS_FOR:
        return []
    queued = []
    stories = Story.objects.filter(memberships__post=post).exclude(updates__post=post)
    for story in stories.order_by("pk"):
        try:
            with transaction.atomic():
                queued.append(_story_update_queue(story, post))
        except IntegrityError:
            continue  # Queued a moment ago by another publication of the post.
    return queued


def _story_update_queue(story: Story, post: PostPage) -> StoryUpdate:
    recipients = _recipient_ids(story, post)
    issue = None
    if recipients:
        issue = Issue.objects.create(
            kind=Issue.Kind.STORY, post=post, subject=f"{story.title}: {post.title}"
        )
    update = StoryUpdate.objects.create(story=story, post=post, issue=issue)
    if issue is not None:
        deliveries_queue(issue=issue, subscriber_ids=recipients)
    return update
