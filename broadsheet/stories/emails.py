"""The emails of stories: the follow's confirmation, and each new post to followers."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from broadsheet.blog.models import PostPage
from broadsheet.core.emails import SiteIdentity, sender, two_part_message
from broadsheet.newsletter.composer import (
    newsletter_settings,
    post_item,
    recipient,
    site_identity,
)
from broadsheet.newsletter.models import Issue, Subscriber
from broadsheet.stories.models import Story, StoryFollow, StoryUpdate
from broadsheet.stories.tokens import CONFIRMATION_VALID_FOR, FollowRequest, follow_token


def following_url(identity: SiteIdentity, follow: StoryFollow) -> str:
    """The follower's own page: what they follow, and the button to stop (one click)."""
    return identity.absolute(reverse("stories:following", kwargs={"token": follow.token}))


def follow_email_send(*, request: FollowRequest) -> None:
    """The confirmation link, or, to a mailbox that follows the story, a reminder."""
    story = Story.objects.filter(pk=request.story_id).first()
    if story is None:
        return
    identity = site_identity()
    follow = (
        StoryFollow.objects.active().filter(story=story, subscriber__email=request.email).first()
    )
    context = {"story": story, "story_url": identity.absolute(story.get_absolute_url())}
    if follow is not None:
        subject = f"You follow “{story.title}” already"
        template = "stories/email/already_following"
        context["following_url"] = following_url(identity, follow)
    else:
        subject = f"Confirm you want to follow “{story.title}”"
        template = "stories/email/confirm"
        path = reverse("stories:confirm", kwargs={"token": follow_token(request)})
        context |= {
            "confirm_url": identity.absolute(path),
            "valid_days": CONFIRMATION_VALID_FOR.days,
        }
    two_part_message(
        identity=identity, to=request.email, subject=subject, template=template, context=context
    ).send(using="default")


# Stand-in for each follower's own link: plain ASCII, changed by no escaping.
_FOLLOWING = "BROADSHEET-FOLLOWING-URL"


class StoryUpdateComposer:
    """A story update's email (newsletter.composer.composer_for): one post, composed once,
    sent to each follower with their own link to stop following."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        update = StoryUpdate.objects.select_related("story").get(issue=issue)
        self.story = update.story
        self.identity = site_identity()
        posts = PostPage.objects.published().filter(
            pk=issue.post_id, story_memberships__story=self.story
        )
        self.post = posts.select_related("author", "cover_image", "category").first()
        self._follows: dict[int, StoryFollow] = {}
        self._composed: tuple[str, str] | None = None

    @property
    def withdrawn(self) -> bool:
        """The post was unpublished, or taken out of the story, before it was sent."""
        return self.post is None

    def follow(self, subscriber_ids) -> None:
        follows = StoryFollow.objects.active().filter(
            story=self.story, subscriber_id__in=subscriber_ids
        )
        self._follows = {follow.subscriber_id: follow for follow in follows}

    def message(self, subscriber: Subscriber) -> EmailMultiAlternatives | None:
        """The follower's email; None once they stopped following, or their address bounces."""
        follow = self._follows.get(subscriber.pk)
        if follow is None or subscriber.status == Subscriber.Status.BOUNCING:
            return None
        html, text = self._compose()
        link = following_url(self.identity, follow)
        message = EmailMultiAlternatives(
            subject=self.issue.subject,
            body=text.replace(_FOLLOWING, link),
            from_email=sender(self.identity),
            to=[recipient(subscriber)],
            headers={
                "Message-ID": (
                    f"<broadsheet.stories.issue-{self.issue.pk}.{subscriber.pk}"
                    f"@{self.identity.host}>"
                ),
                # RFC 8058: the mail client's unsubscribe button stops this story, nothing else.
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"{_list_label(self.story.title)} "
                f"<story-{self.story.pk}.{self.identity.host}>",
                "X-Auto-Response-Suppress": "OOF, AutoReply",
            },
        )
        message.attach_alternative(html.replace(_FOLLOWING, escape(link)), "text/html")
        return message

    def _compose(self) -> tuple[str, str]:
        if self._composed is None:
            full_text = newsletter_settings().full_text
            context = {
                "subject": self.issue.subject,
                "items": [post_item(self.post, self.identity, full_text=full_text)],
                "site_name": self.identity.name,
                "site_url": self.identity.url,
                "story": self.story,
                "story_url": self.identity.absolute(self.story.get_absolute_url()),
                "following_url": _FOLLOWING,
            }
            self._composed = (
                render_to_string("stories/email/update.html", context),
                render_to_string("stories/email/update.txt", context),
            )
        return self._composed


def _list_label(name: str) -> str:
    return '"' + name.replace("\\", "").replace('"', "") + '"'
