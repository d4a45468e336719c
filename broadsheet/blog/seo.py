"""What search engines and share previews read: titles, descriptions, addresses, JSON-LD.

Each reader page puts a ``PageMeta`` in its context as ``seo``; base.html renders it with
``{% head_meta %}``. Addresses are made absolute from the request, on the host the reader
asked for: the Wagtail Site's hostname is only a default ("localhost" on most installs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from broadsheet.blog.text import html_to_text, make_excerpt
from broadsheet.core.sites import site_name_for

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

    from broadsheet.blog.models import PostPage

# Search engines show about this much of a description.
DESCRIPTION_LENGTH = 160
# The 1.91:1 picture that Facebook, LinkedIn, Mastodon and X all crop share cards to; JPEG
# because not every share preview reads WebP.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"
PUBLISHER_LOGO = "core/favicon.svg"
HOME_CRUMB = "Home"
BLOG_INDEX_CRUMB = "All posts"  # As the site's navigation names it.

# Inside <script>, "</script>" or "<!--" in a title would end or change the element:
# JSON allows these characters to be written as escapes, and then no text can break out.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld(data) -> SafeString:
    """``data`` as JSON that is safe to place between <script> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 -- no "<" left to end the script


def description_from(text: str) -> str:
    return make_excerpt(text, DESCRIPTION_LENGTH)


def paged_path(path: str, page_number: int) -> str:
    """A listing's own address: each page of it is its own canonical page."""
    return path if page_number <= 1 else f"{path}?page={page_number}"


@dataclass(frozen=True, kw_only=True)
class PageMeta:
    """What a page says about itself to search engines and share previews."""

    title: str = ""  # Without the site's name; empty on the home page.
    description: str = ""
    path: str | None = None  # The canonical path; None: the path requested.
    image: AbstractImage | None = None
    image_alt: str = ""
    post: PostPage | None = None  # Set on a post's page: it is then an article.
    # Breadcrumbs after Home and All posts, each (name, path); None: no breadcrumbs.
    trail: tuple[tuple[str, str], ...] | None = None
    home: bool = False

    @classmethod
    def for_page(cls, page: Page) -> PageMeta:
        """For a Wagtail page that made none of its own: the editor's promote-tab fields."""
        return cls(
            title=page.seo_title or page.title,
            description=page.search_description,
            path=_page_path(page),
        )


def _page_path(page: Page, request: HttpRequest | None = None) -> str | None:
    parts = page.get_url_parts(request)
    return parts[2] if parts else None


def post_meta(post: PostPage, request: HttpRequest | None = None) -> PageMeta:
    image, image_alt = post.share_image
    trail = []
    if post.category:
        trail.append((post.category.name, post.category.get_absolute_url()))
    path = _page_path(post, request)
    trail.append((post.title, path))
    return PageMeta(
        title=post.seo_title or post.title,
        description=post.search_description or post.listing_excerpt,
        path=path,
        image=image,
        image_alt=image_alt,
        post=post,
        trail=tuple(trail),
    )


def home_meta(page: Page, request: HttpRequest | None = None) -> PageMeta:
    from broadsheet.masthead.selectors import masthead_for

    # The site's own description (Settings > Site), else its intro; without either, what
    # the page is: search engines would otherwise quote any of it.
    return PageMeta(
        title=page.seo_title,
        description=page.search_description
        or description_from(masthead_for(request).description)
        or description_from(html_to_text(page.intro))
        or f"The latest posts from {site_name_for(request)}.",
        path=_page_path(page, request),
        home=True,
    )


def blog_index_meta(page: Page, *, page_number: int, request: HttpRequest | None = None):
    return PageMeta(
        title=page.seo_title or page.title,
        description=page.search_description
        or description_from(html_to_text(page.intro))
        or f"Every post from {site_name_for(request)}, newest first.",
        path=paged_path(_page_path(page, request) or "/", page_number),
        trail=(),
    )


def listing_meta(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    page_number: int,
    trail: tuple[tuple[str, str], ...] | None = None,
) -> PageMeta:
    """A list of posts outside the page tree: an author, a category, a tag, a month."""
    return PageMeta(
        title=title,
        description=description_from(description),
        path=paged_path(request.path, page_number),
        trail=trail if trail is not None else ((title, request.path),),
    )


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def head_tags(meta: PageMeta, *, request: HttpRequest, site_name: str, blog_index_url: str):
    """What includes/head_meta.html writes: every address absolute, JSON-LD ready to embed."""
    absolute = request.build_absolute_uri
    canonical = absolute(meta.path or request.path)
    image = None
    if meta.image is not None:
        rendition = meta.image.get_rendition(SHARE_IMAGE_SPEC)
        image = {
            "url": absolute(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": meta.image_alt,
        }
    tags: dict[str, Any] = {
        "alternates": _translations(meta.post, absolute) if meta.post is not None else [],
        "title": meta.title or site_name,
        "description": meta.description,
        "canonical_url": canonical,
        "site_name": site_name,
        "og_type": "article" if meta.post else "website",
        "image": image,
        "article": None,
        "structured_data": [],
    }
    organization = {
        "@type": "Organization",
        "name": site_name,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(PUBLISHER_LOGO))},
    }
    if meta.post is not None:
        tags["article"] = _article(meta.post, absolute)
        tags["structured_data"].append(
            _news_article(meta.post, tags, organization=organization, absolute=absolute)
        )
    if meta.trail is not None:
        crumbs = [(HOME_CRUMB, "/"), (BLOG_INDEX_CRUMB, blog_index_url), *meta.trail]
        tags["structured_data"].append(_breadcrumb_list(crumbs, absolute))
    if meta.home:
        tags["structured_data"].append(_website(site_name, organization, absolute))
    tags["structured_data"] = [json_ld(data) for data in tags["structured_data"]]
    return tags


def _translations(post: PostPage, absolute) -> list[dict]:
    """hreflang alternates: the post and each published translation, when there are any.

    Asked only where Wagtail's translations are switched on, so a one-language site
    pays no query for it.
    """
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    versions = list(post.get_translations(inclusive=True).live().public().select_related("locale"))
    if len(versions) < 2:
        return []
    return [
        {"hreflang": version.locale.language_code, "url": absolute(version.url)}
        for version in versions
    ]


def _article(post: PostPage, absolute) -> dict:
    published = post.date
    # Wagtail's own publish time; an old post imported or backdated today was not changed
    # before it was written.
    modified = max(post.last_published_at or published, published)
    return {
        "published_time": _iso(published),
        "modified_time": _iso(modified),
        "author_name": post.author.name if post.author else "",
        "author_url": absolute(post.author.get_absolute_url()) if post.author else "",
        "section": post.category.name if post.category else "",
    }


def _news_article(post: PostPage, tags: dict, *, organization: dict, absolute) -> dict:
    article = tags["article"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": tags["description"],
        "url": tags["canonical_url"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": tags["canonical_url"]},
        "datePublished": article["published_time"],
        "dateModified": article["modified_time"],
        "inLanguage": post.language,
        "publisher": organization,
    }
    if tags["image"]:
        image = tags["image"]
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": image["url"],
                "width": image["width"],
                "height": image["height"],
            }
        ]
    if post.author:
        data["author"] = [
            {"@type": "Person", "name": post.author.name, "url": article["author_url"]}
        ]
    if article["section"]:
        data["articleSection"] = article["section"]
    # The app that keeps them imports this one: asked here, not at import time.
    from broadsheet.corrections.selectors import schema_org_corrections

    if corrections := schema_org_corrections(post):
        data["correction"] = corrections
    from broadsheet.topics.subjects import schema_org_subjects

    data.update(schema_org_subjects(post, absolute))
    return data


def _breadcrumb_list(crumbs, absolute) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def _website(site_name: str, organization: dict, absolute) -> dict:
    search = absolute(reverse("search:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_name,
        "url": absolute("/"),
        "publisher": organization,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
