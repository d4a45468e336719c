"""What a newsletter email says: composed once an issue, made personal for each reader.

An issue's HTML and text are rendered once per batch (once per set of posts, for a
digest) with stand-ins for the reader's own links, which are swapped in for each
message: rendering the post 10,000 times would cost more than sending it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address
from typing import Protocol

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from broadsheet.blog.models import PostPage
from broadsheet.blog.text import html_to_text
from broadsheet.core import emails as core_emails
from broadsheet.core.emails import sender
from broadsheet.newsletter.models import Issue, NewsletterSettings, Subscriber

# Stand-ins for each reader's links: plain ASCII, changed by no escaping.
_UNSUBSCRIBE = "BROADSHEET-UNSUBSCRIBE-URL"
_MANAGE = "BROADSHEET-MANAGE-URL"
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
# Email clients differ on WebP; JPEG is shown by all of them.
_EMAIL_IMAGE = "width-1200|format-jpeg"


class SiteIdentity(core_emails.SiteIdentity):
    """The site's name and address, and what a post's HTML needs of them."""

    def absolutised(self, html: str) -> str:
        """``html`` with its site-relative links and pictures made absolute."""
        return _RELATIVE_URL.sub(lambda m: f'{m[1]}{self.url}{m[2]}"', html)


def site_identity() -> SiteIdentity:
    shared = core_emails.site_identity()
    return SiteIdentity(name=shared.name, url=shared.url)


def newsletter_settings() -> NewsletterSettings:
    site = Site.objects.filter(is_default_site=True).first()
    return NewsletterSettings.for_site(site) if site else NewsletterSettings()


def recipient(subscriber: Subscriber) -> str:
    # Names are checked to be one line of printable text (addresses.clean_name);
    # Address quotes whatever else a name holds.
    return str(Address(display_name=subscriber.name, addr_spec=subscriber.email))


_STAND_IN = "BROADSHEET-SUBSCRIBER"


@dataclass(frozen=True)
class LinkTemplates:
    """A subscriber's unsubscribe and preferences addresses, reversed once for all."""

    unsubscribe: str
    manage: str

    @classmethod
    def for_site(cls, identity: core_emails.SiteIdentity) -> "LinkTemplates":
        return cls(
            unsubscribe=identity.absolute(
                reverse("newsletter:unsubscribe", kwargs={"token": _STAND_IN})
            ),
            manage=identity.absolute(reverse("newsletter:manage", kwargs={"token": _STAND_IN})),
        )

    def links(self, subscriber: Subscriber) -> dict[str, str]:
        return {
            "unsubscribe_url": self.unsubscribe.replace(_STAND_IN, subscriber.token),
            "manage_url": self.manage.replace(_STAND_IN, subscriber.token),
        }


def subscriber_links(identity: core_emails.SiteIdentity, subscriber: Subscriber) -> dict[str, str]:
    return LinkTemplates.for_site(identity).links(subscriber)


# ---- Posts as email ----------------------------------------------------------------------


def _image_html(image, alt: str, identity: SiteIdentity) -> SafeString:
    try:
        rendition = image.get_rendition(_EMAIL_IMAGE)
    except OSError:
        # The picture's file is gone (Wagtail's SourceImageIOError): the email goes
        # without it rather than not at all.
        return SafeString()
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="picture">',
        identity.absolute(rendition.url),
        rendition.width,
        rendition.height,
        alt,
    )


def _block_html(block, identity: SiteIdentity) -> str:
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return expand_db_html(value.source)
    if kind == "heading":
        level = {"h2": "h3", "h3": "h4", "h4": "h4"}.get(value["level"], "h3")
        return format_html("<{0}>{1}</{0}>", level, value["text"])
    if kind == "quote":
        attribution = value["attribution"]
        return format_html(
            "<blockquote><p>{}</p>{}</blockquote>",
            value["quote"],
            format_html("<p>— {}</p>", attribution) if attribution else "",
        )
    if kind == "image" and value["image"]:
        caption = " ".join(part for part in (value["caption"], value["credit"]) if part)
        return format_html(
            "<figure>{}{}</figure>",
            _image_html(value["image"], value["alt_text"], identity),
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )
    if kind == "html":
        # Sanitised with nh3 when saved (broadsheet.core.blocks.SanitisedHTMLBlock).
        return str(value)
    return ""


def _block_text(block) -> str:
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return html_to_text(value.source)
    if kind == "heading":
        return value["text"].upper()
    if kind == "quote":
        attribution = f"\n  — {value['attribution']}" if value["attribution"] else ""
        return f"  “{value['quote']}”{attribution}"
    if kind == "image" and value["image"] and value["caption"]:
        return f"[{value['caption']}]"
    if kind == "html":
        return html_to_text(str(value))
    return ""


def post_item(post: PostPage, identity: SiteIdentity, *, full_text: bool) -> dict:
    """What an email shows of ``post``: title, byline, cover, excerpt or text, link."""
    item = {
        "title": post.title,
        "url": identity.absolute(reverse("blog:post", kwargs={"slug": post.slug})),
        "date": post.date,
        "author": post.author.name if post.author else "",
        "language": post.language,
        "direction": post.text_direction,
        "excerpt": post.excerpt or post.auto_excerpt,
        "cover_html": "",
        "body_html": "",
        "body_text": "",
    }
    if post.cover_image:
        item["cover_html"] = _image_html(post.cover_image, post.cover_image_alt, identity)
    if full_text:
        html = "\n".join(_block_html(block, identity) for block in post.body)
        # Each block escaped by format_html, Wagtail's rich text or HTML sanitised by nh3
        # when saved; absolutised() only puts the site's address before relative links.
        item["body_html"] = mark_safe(identity.absolutised(html))  # noqa: S308
        item["body_text"] = "\n\n".join(t for t in map(_block_text, post.body) if t)
    return item


# ---- Messages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComposedEmail:
    """An issue's message with stand-ins for the reader's links."""

    subject: str
    html: str
    text: str
    identity: SiteIdentity
    message_id_prefix: str
    from_email: str
    link_templates: LinkTemplates

    def for_subscriber(self, subscriber: Subscriber) -> EmailMultiAlternatives:
        links = self.link_templates.links(subscriber)
        unsubscribe, manage = links["unsubscribe_url"], links["manage_url"]
        html = self.html.replace(_UNSUBSCRIBE, escape(unsubscribe)).replace(_MANAGE, escape(manage))
        text = self.text.replace(_UNSUBSCRIBE, unsubscribe).replace(_MANAGE, manage)
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=text,
            from_email=self.from_email,
            to=[recipient(subscriber)],
            headers={
                "Message-ID": f"<{self.message_id_prefix}.{subscriber.pk}@{self.identity.host}>",
                # RFC 2369 and RFC 8058: the mail client's own unsubscribe button, which
                # POSTs "List-Unsubscribe=One-Click" to the link, no login, no page.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"{_list_label(self.identity.name)} <newsletter.{self.identity.host}>",
                # Out-of-office replies to a newsletter help nobody.
                "X-Auto-Response-Suppress": "OOF, AutoReply",
            },
        )
        message.attach_alternative(html, "text/html")
        return message


def _list_label(name: str) -> str:
    return '"' + name.replace("\\", "").replace('"', "") + '"'


def compose(
    *, subject: str, items: list[dict], identity: SiteIdentity, issue: Issue
) -> ComposedEmail:
    context = {
        "subject": subject,
        "items": items,
        "site_name": identity.name,
        "site_url": identity.url,
        "digest": issue.kind == Issue.Kind.DIGEST,
        "unsubscribe_url": _UNSUBSCRIBE,
        "manage_url": _MANAGE,
    }
    return ComposedEmail(
        subject=subject,
        html=render_to_string("newsletter/email/issue.html", context),
        text=render_to_string("newsletter/email/issue.txt", context),
        identity=identity,
        message_id_prefix=f"broadsheet.newsletter.issue-{issue.pk}",
        from_email=sender(identity),
        link_templates=LinkTemplates.for_site(identity),
    )


class IssueComposer:
    """The emails of one issue, composed once for each set of posts a reader gets."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        self.identity = site_identity()
        self.full_text = newsletter_settings().full_text
        if issue.kind == Issue.Kind.POST:
            posts = PostPage.objects.published().filter(pk=issue.post_id)
        else:
            chosen = issue.digest_posts.values("pk")
            posts = PostPage.objects.published().filter(pk__in=chosen).order_by("date", "pk")
        self.posts = list(posts.select_related("author", "cover_image", "category"))
        self._composed: dict[tuple[int, ...], ComposedEmail] = {}
        self._categories: dict[int, set[int]] = {}

    @property
    def withdrawn(self) -> bool:
        """The post (or every post of a digest) is no longer published."""
        return not self.posts

    def follow(self, subscriber_ids) -> None:
        """Read who follows which categories, for the readers about to be sent to."""
        through = Subscriber.categories.through.objects.filter(subscriber_id__in=subscriber_ids)
        for subscriber_id, category_id in through.values_list("subscriber_id", "category_id"):
            self._categories.setdefault(subscriber_id, set()).add(category_id)

    def posts_for(self, subscriber: Subscriber) -> list[PostPage]:
        followed = self._categories.get(subscriber.pk)
        if not followed:
            return self.posts
        return [post for post in self.posts if post.category_id in followed]

    def message(self, subscriber: Subscriber) -> EmailMultiAlternatives | None:
        """The reader's email, or None when they unsubscribed or none of its posts is for them."""
        if subscriber.status != Subscriber.Status.ACTIVE:
            return None
        posts = self.posts_for(subscriber)
        if not posts:
            return None
        key = tuple(post.pk for post in posts)
        if key not in self._composed:
            self._composed[key] = compose(
                subject=self._subject(posts),
                items=[post_item(p, self.identity, full_text=self.full_text) for p in posts],
                identity=self.identity,
                issue=self.issue,
            )
        return self._composed[key].for_subscriber(subscriber)

    def _subject(self, posts: list[PostPage]) -> str:
        if self.issue.kind == Issue.Kind.POST:
            return posts[0].title
        if len(posts) == 1:
            return f"This week on {self.identity.name}: {posts[0].title}"
        return f"This week on {self.identity.name}: {len(posts)} new posts"


class Composer(Protocol):
    """What sending asks of an issue's composer (``sending.batch_send``)."""

    @property
    def withdrawn(self) -> bool: ...

    def follow(self, subscriber_ids) -> None: ...

    def message(self, subscriber: Subscriber) -> EmailMultiAlternatives | None: ...


# Issues of other kinds, composed by the apps that make them (broadsheet.stories).
_COMPOSERS: dict[str, Callable[[Issue], Composer]] = {}


def composer_register(kind: str, composer: Callable[[Issue], Composer]) -> None:
    """Compose the issues of ``kind`` with ``composer(issue)``."""
    _COMPOSERS[kind] = composer


def composer_for(issue: Issue) -> Composer:
    return _COMPOSERS.get(issue.kind, IssueComposer)(issue)
