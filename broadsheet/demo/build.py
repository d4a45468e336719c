"""Builds the demo publication; running it again changes nothing."""

import datetime as dt

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.blog.services import post_publish, site_structure_ensure
from broadsheet.comments.models import Comment
from broadsheet.corrections.services import correction_record
from broadsheet.demo import content
from broadsheet.demo.images import river_picture_png
from broadsheet.masthead.models import SiteSettings
from broadsheet.stories.models import Story, StoryPost

DEMO_SITE_NAME = "The World Desk"
DEMO_IMAGE_TITLE = "Gauging station (demo)"
DEMO_TAGLINE = "The world's long stories, followed to the end"
DEMO_DESCRIPTION = (
    "Diplomacy and the economy between borders: treaties, trade routes and the talks that "
    "outlast the headlines."
)


def _demo_image():
    Image = get_image_model()
    image = Image.objects.filter(title=DEMO_IMAGE_TITLE).first()
    if image is None:
        import io

        image = Image(title=DEMO_IMAGE_TITLE)
        image.file = ImageFile(io.BytesIO(river_picture_png()), name="gauging-station.png")
        image.save()
    return image


def _body(blocks, image):
    body = []
    for kind, value in blocks:
        if kind == "p":
            body.append(("paragraph", RichText(f"<p>{escape(value)}</p>")))
        elif kind == "h2":
            body.append(("heading", {"text": value, "level": "h2"}))
        elif kind == "quote":
            body.append(("quote", {"quote": value[0], "attribution": value[1]}))
        elif kind == "image":
            caption, alt_text = value
            body.append(
                ("image", {"image": image, "alt_text": alt_text, "caption": caption, "credit": ""})
            )
    return body


def _at_noon(iso_date: str) -> dt.datetime:
    day = dt.date.fromisoformat(iso_date)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _add_comments(post, comments):
    when = post.date
    for name, email, text, replies in comments:
        when += dt.timedelta(hours=5)
        parent = Comment.objects.create(
            post=post,
            author_name=name,
            author_email=email,
            body=text,
            status=Comment.Status.APPROVED,
            created_at=when,
        )
        for reply_name, reply_text in replies:
            when += dt.timedelta(hours=3)
            Comment.objects.create(
                post=post,
                parent=parent,
                author_name=reply_name,
                body=reply_text,
                status=Comment.Status.APPROVED,
                created_at=when,
            )
    if comments:
        Comment.objects.create(
            post=post,
            author_name="A passing reader",
            body="Waiting for a moderator to read this.",
            created_at=when + dt.timedelta(hours=1),
        )


def _publish_then_correct(post, spec, image):
    """Publish the post as first written, wrong, then its corrected text with a note."""
    correction = spec["correction"]
    right, wrong = correction["first_published_as"]
    first_version = [
        (kind, v.replace(right, wrong) if kind == "p" else v) for kind, v in spec["body"]
    ]
    post.body = _body(first_version, image)
    post_publish(post=post)
    first_revision = post.live_revision
    post.body = _body(spec["body"], image)
    post_publish(post=post)
    correction_record(
        post=post,
        kind="correction",
        note=correction["note"],
        revision=post.live_revision,
        previous_revision=first_revision,
        published_at=_at_noon(correction["date"]),
    )


def _stories_by_post_title() -> dict[str, list[Story]]:
    stories: dict[str, list[Story]] = {}
    for spec in content.STORIES:
        fields = {key: value for key, value in spec.items() if key != "posts"}
        story, _ = Story.objects.get_or_create(slug=spec["slug"], defaults=fields)
        for title in spec["posts"]:
            stories.setdefault(title, []).append(story)
    return stories


@transaction.atomic
def demo_site_create() -> int:
    """Create what is missing of the demo site; returns how many posts it created."""
    index = site_structure_ensure(site_name=DEMO_SITE_NAME)
    authors = {
        a["slug"]: Author.objects.get_or_create(slug=a["slug"], defaults=a)[0]
        for a in content.AUTHORS
    }
    categories = {
        c["slug"]: Category.objects.get_or_create(slug=c["slug"], defaults=c)[0]
        for c in content.CATEGORIES
    }
    image = _demo_image()
    masthead = SiteSettings.for_site(index.get_site())
    if not masthead.tagline and not masthead.description:
        masthead.tagline, masthead.description = DEMO_TAGLINE, DEMO_DESCRIPTION
        masthead.save()
    stories_of = _stories_by_post_title()
    created = 0
    for spec in content.POSTS:
        post = PostPage(
            title=spec["title"],
            author=authors[spec["author"]],
            category=categories[spec["category"]],
            date=_at_noon(spec["date"]),
            excerpt=spec["excerpt"],
            body=_body(spec["body"], image),
        )
        if "cover" in spec:
            # Some posts with a cover, some without: listings show both kinds of card.
            post.cover_image, post.cover_image_alt = image, spec["cover"]

        post.slug = slugify(spec["title"])
        if PostPage.objects.filter(slug=post.slug).exists():
            continue
        # Part of the post's content, as its edit form sets it: published with it.
        post.story_memberships.set(
            [StoryPost(story=story) for story in stories_of.get(spec["title"], [])]
        )
        index.add_child(instance=post)
        post.tags.add(*spec["tags"])
        if "correction" in spec:
            _publish_then_correct(post, spec, image)
        else:
            post_publish(post=post)
        _add_comments(post, spec["comments"])
        created += 1
    return created
