"""The blog: home page, index ("See All"), posts, authors, categories and tags."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from broadsheet.blog import cache_tags, seo
from broadsheet.blog.languages import language_direction, post_language_choices, site_language
from broadsheet.blog.neighbours import neighbours
from broadsheet.blog.pagination import paginate
from broadsheet.blog.text import (
    body_excerpt_text,
    body_plain_text,
    make_excerpt,
    reading_time_minutes,
)
from broadsheet.core.blocks import BodyBlock
from broadsheet.core.caching import set_public_cache
from broadsheet.core.memo import remember, remember_site_wide
from broadsheet.core.planner_hints import is_sqlite, likely
from broadsheet.corrections.panels import correction_panel
from broadsheet.entities.panels import post_entities_panel
from broadsheet.pagecache.dependencies import depends_on
from broadsheet.stories.panels import story_panel

RECENT_POSTS_COUNT = 3
# The home page: a lead story, this many of the latest posts, then each section's newest.
HOME_LATEST_COUNT = 6
HOME_SECTION_COUNT = 3


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120, help_text="As shown under each post's title.")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        allow_unicode=True,
        help_text="The author's page: /author/<slug>/.",
    )
    bio = models.TextField(blank=True, max_length=1000, help_text="A sentence or two about them.")
    website = models.URLField(
        blank=True, help_text="Their own site or profile, linked from their page and posts."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square portrait works best.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The editor's account: their new posts are theirs unless they choose.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("website"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:author", kwargs={"slug": self.slug})


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="E.g. Middle East, Europe.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        allow_unicode=True,
        help_text="Its listing: /blog/category/<slug>/.",
    )
    description = models.TextField(blank=True, help_text="Shown at the top of its listing.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The broader category this one belongs to, if any (e.g. Europe for France).",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("parent"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # Every page's header asks for each section's address (the header's categories
        # are remembered between purges: blog.sections).
        return address_by_slug(self, "blog:category")


class TagDescription(models.Model):
    """What a tag's listing says about its subject: taggit's tags carry only a name."""

    tag = models.OneToOneField(
        "taggit.Tag",
        on_delete=models.CASCADE,
        related_name="listing_description",
        help_text="The tag this describes, as editors typed it on posts.",
    )
    description = models.TextField(help_text="Shown at the top of the tag's listing.")

    panels = [FieldPanel("tag"), FieldPanel("description")]

    class Meta:
        ordering = ["tag__name"]

    def __str__(self):
        return str(self.tag)


# Author's snippet, with a chooser that makes authors: broadsheet.editor.authors.
register_snippet(Category)
register_snippet(TagDescription)


def address_by_slug(instance, url_name: str) -> str:
    """``reverse(url_name, slug=instance.slug)``, worked out once per object and slug:
    Django's reverse costs 20 µs, and a page asks for the same addresses many times."""
    slug = instance.slug
    found = instance.__dict__.get(f"_address:{url_name}")
    if found is None or found[0] != slug:
        found = instance.__dict__[f"_address:{url_name}"] = (
            slug,
            reverse(url_name, kwargs={"slug": slug}),
        )
    return found[1]


class PostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.PostPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class PostPageQuerySet(PageQuerySet):
    def published(self):
        """What readers may see: live, not behind a privacy restriction. Used everywhere.

        Wagtail's ``public()`` asks for the restricted sections on every call; they are
        remembered here until every page is purged, as a restriction's change does.
        """
        restricted = remember_site_wide("restricted-paths", _restricted_paths)
        live = self._live()
        if not restricted:
            return live
        private = Q()
        for path in restricted:
            private |= Q(path__startswith=path)
        return live.exclude(private)

    def _live(self):
        if not is_sqlite(self.db):
            return self.live()
        return self.filter(likely(Q(live=True)))  # See core.planner_hints.

    def in_month(self, year: int, month: int):
        """Posts dated in one calendar month, from midnight to midnight where the site is
        (its dates are shown there). A month that does not exist raises ``ValueError``.
        """
        zone = timezone.get_current_timezone()
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        start = dt.datetime(year, month, 1, tzinfo=zone)
        end = dt.datetime(next_year, next_month, 1, tzinfo=zone)
        return self.filter(date__gte=start, date__lt=end)

    def for_listing(self):
        """Newest first, with what a card shows fetched in the same query."""
        return self.select_related("author", "category", "cover_image", "stats").order_by(
            "-date", "-pk"
        )

    def with_comment_counts(self):
        """Each post's ``comment_count``: the comments its page shows (approved, and
        answering a shown comment or none), counted in the same query."""
        from broadsheet.comments.models import Comment

        approved = Comment.Status.APPROVED
        shown = (
            Comment.objects.approved()
            .conversation()
            .filter(post=OuterRef("pk"))
            .filter(Q(parent__isnull=True) | Q(parent__status=approved))
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(comment_count=Coalesce(Subquery(shown), 0))

    def recent(self, *, exclude=None, count=RECENT_POSTS_COUNT):
        """The newest ``count`` published posts but ``exclude``: what Recent Posts shows.

        The same few posts for every post page: remembered between purges (core.memo).
        """
        newest = remember(
            f"recent-posts:{count}", lambda: list(self.published().for_listing()[: count + 1])
        )
        return [post for post in newest if exclude is None or post.pk != exclude.pk][:count]

    def adjacent(self, post):
        """The published posts just before and after ``post`` by date: ``(older, newer)``,
        as ``neighbours.PostLink``s (what a previous/next link shows). One query."""
        return neighbours(
            post, restricted_paths=remember_site_wide("restricted-paths", _restricted_paths)
        )

    def archive_months(self):
        """Each month with published posts, newest first, as {"month", "count"}: one query."""
        return (
            self.published()
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )


PostPageManager = PageManager.from_queryset(PostPageQuerySet)


def _restricted_paths() -> tuple[str, ...]:
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


class HomePage(Page):
    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown under the tagline (Settings › Site holds the tagline and description).",
    )
    lead_story = models.ForeignKey(
        "blog.PostPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story shown large at the top. Empty: the latest (sticky posts first).",
    )

    content_panels = [*Page.content_panels, FieldPanel("lead_story"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "pages.StandardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from broadsheet.blog.sections import sections_with_posts

        listed = PostPage.objects.published().for_listing().with_comment_counts()
        # Sticky posts lead the home page; the blog index stays strictly newest first.
        newest = list(listed.order_by("-sticky", "-date", "-pk")[: HOME_LATEST_COUNT + 1])
        lead = None
        if self.lead_story_id:
            lead = listed.filter(pk=self.lead_story_id).first()
        lead = lead or (newest[0] if newest else None)
        latest = [post for post in newest if post != lead][:HOME_LATEST_COUNT]
        shown = {post.pk for post in [lead, *latest] if post}
        sections = []
        for category in sections_with_posts():
            # Its newest, as the first page of its own list: purged with that page.
            depends_on(
                cache_tags.listing_page(cache_tags.category_listing(category.pk), 1),
                cache_tags.category(category.pk),
            )
            candidates = listed.filter(category=category)[: HOME_SECTION_COUNT + len(shown)]
            posts = [post for post in candidates if post.pk not in shown][:HOME_SECTION_COUNT]
            if posts:
                sections.append((category, posts))
        cache_tags.declare_sections_shown()
        context.update(lead=lead, posts=latest, sections=sections)
        context["seo"] = seo.home_meta(self, request)
        depends_on(cache_tags.page(self.pk), cache_tags.whole_listing(cache_tags.HOME))
        return context

    def serve(self, request, *args, **kwargs):
        return set_public_cache(super().serve(request, *args, **kwargs))


class BlogIndexPage(Page):
    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], help_text="Shown above the list of posts."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["blog.HomePage"]
    subpage_types = ["blog.PostPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed = PostPage.objects.published().for_listing().with_comment_counts()
        posts = paginate(request, listed, listing=cache_tags.ALL)
        context["posts"] = posts
        context["seo"] = seo.blog_index_meta(self, page_number=posts.number, request=request)
        depends_on(cache_tags.page(self.pk), cache_tags.listing_page(cache_tags.ALL, posts.number))
        return context

    def serve(self, request, *args, **kwargs):
        return set_public_cache(super().serve(request, *args, **kwargs))


class PostPage(Page):
    author = models.ForeignKey(
        Author,
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text="Who wrote it. A new author can be added from the chooser.",
    )
    date = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="Shown on the post; orders posts. Set an earlier date for older posts.",
    )
    # False while the date is the one the post was started with, untouched by its editor:
    # it then becomes the moment the post goes live (``save``). Set by the admin's form.
    date_chosen = models.BooleanField(default=True, editable=False)
    excerpt = models.TextField(
        blank=True,
        max_length=400,
        help_text="Shown in lists and Recent Posts. Empty: the first words of the body.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the post and in shares.",
    )
    cover_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="What the cover picture shows. Required when there is a cover image.",
    )
    cover_image_caption = models.CharField(
        "caption",
        max_length=300,
        blank=True,
        help_text="Shown under the cover picture: what, where, when.",
    )
    cover_image_credit = models.CharField(
        "credit",
        max_length=120,
        blank=True,
        help_text="Who took or owns the picture, e.g. “Photo: Sara Nasser / Reuters”.",
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text="The section this post belongs to.",
    )
    tags = ClusterTaggableManager(through=PostTag, blank=True, help_text="People, places, topics.")
    language = models.CharField(
        max_length=12,
        choices=post_language_choices,
        default=site_language,
        help_text=(
            "The language the post is written in. Persian, Arabic, Hebrew and Urdu posts "
            "are laid out right to left."
        ),
    )
    sticky = models.BooleanField(default=False, help_text="Keep at the top of the home page.")
    email_subscribers = models.BooleanField(
        "email subscribers",
        default=True,
        help_text=(
            "Send this post to newsletter subscribers when it is first published. Only the "
            "first publication sends; edits and re-publishing never do."
        ),
    )
    body = StreamField(BodyBlock(), help_text="The story: paragraphs, headings, quotes, images.")

    # Kept in step with the body on every save, so lists never render bodies.
    reading_time_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    auto_excerpt = models.CharField(max_length=200, blank=True, editable=False)

    # Where an imported post came from: matches re-imports and redirects old URLs.
    source_id = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    source_url = models.URLField(max_length=500, blank=True, editable=False)

    objects = PostPageManager()
    # base_form_class: admin_forms.PostPageForm, given in apps.py (it uses services).

    # Title, then the story, as Ghost's editor opens; everything about the post beside it,
    # one tab away. A wrong tab is never hidden: Wagtail marks a tab holding an error.
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    *Page.content_panels,
                    FieldPanel("body"),
                    # Only when publishing a change; below the story, where the editor ends.
                    correction_panel(),
                ],
                heading="Write",
            ),
            ObjectList(
                [
                    MultiFieldPanel([FieldPanel("author"), FieldPanel("date")], heading="Byline"),
                    MultiFieldPanel(
                        [
                            FieldPanel("cover_image", heading="Picture"),
                            FieldPanel("cover_image_alt", heading="Description (alt text)"),
                            FieldPanel("cover_image_caption"),
                            FieldPanel("cover_image_credit"),
                        ],
                        heading="Cover image",
                    ),
                    FieldPanel("excerpt"),
                    MultiFieldPanel(
                        [FieldPanel("category"), FieldPanel("tags"), FieldPanel("language")],
                        heading="Filing",
                    ),
                    post_entities_panel(),
                    story_panel(),
                    MultiFieldPanel(
                        [
                            FieldPanel("sticky"),
                            # Decided once, when the post first goes out.
                            FieldPanel("email_subscribers"),
                        ],
                        heading="Home page and newsletter",
                    ),
                ],
                heading="Post details",
            ),
            ObjectList(Page.promote_panels, heading="SEO and address"),
            ObjectList(Page.settings_panels, heading="Publishing"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("excerpt"),
        index.SearchField("body"),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("date"),
        # What the search page filters on (broadsheet.search).
        index.FilterField("author"),
        index.FilterField("category"),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "post"  # What writers call it: "New: Post", "Add post".
        # Each list of posts, newest first, read from its index and stopped after a page
        # (no sort of the whole archive): every post, the home page's order (sticky
        # first), a category's, an author's. The primary key breaks ties, as in the lists.
        indexes = [
            models.Index(fields=["-date", "-page_ptr"], name="blog_post_newest_idx"),
            models.Index(fields=["-sticky", "-date", "-page_ptr"], name="blog_post_sticky_idx"),
            models.Index(fields=["category", "-date", "-page_ptr"], name="blog_post_category_idx"),
            models.Index(fields=["author", "-date", "-page_ptr"], name="blog_post_author_idx"),
        ]

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_image_alt.strip():
            raise ValidationError(
                {"cover_image_alt": "Describe the cover picture for readers who cannot see it."}
            )

    def save(self, *args, **kwargs):
        if self.live and not self.date_chosen:
            # Its first publication, of a post the editor left dated when it was started: a
            # post started at 14:10 and scheduled for 14:14 is dated 14:14.
            self.date = timezone.now()
            self.date_chosen = True
        text = body_plain_text(self.body)
        self.reading_time_minutes = reading_time_minutes(text)
        self.auto_excerpt = make_excerpt(body_excerpt_text(self.body))
        super().save(*args, **kwargs)

    @cached_property
    def shown_tags(self) -> list:
        """The post's tags, read once however many parts of its page show them."""
        return list(self.tags.all())

    @property
    def listing_excerpt(self):
        return make_excerpt(self.excerpt) if self.excerpt else self.auto_excerpt

    @property
    def text_direction(self):
        return language_direction(self.language)

    @property
    def share_image(self):
        """The picture shares show, and its alt text: the cover, else the body's first."""
        if self.cover_image:
            return self.cover_image, self.cover_image_alt
        for block in self.body:
            if block.block_type == "image" and block.value["image"]:
                return block.value["image"], block.value["alt_text"]
        return None, ""

    def get_url_parts(self, request=None):
        """Posts live at /post/<slug>/ whatever their place in the page tree."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, _ = parts
        # A page asks its post's address several times (links, share buttons, metadata).
        return site_id, root_url, address_by_slug(self, "blog:post")

    def serve(self, request, *args, **kwargs):
        # Wagtail routes here only by the tree path (/blog/<slug>/): send readers to the
        # one address, which broadsheet.blog.views.post_detail renders.
        return set_public_cache(HttpResponsePermanentRedirect(self.get_url(request)))

    def get_context(self, request, *args, **kwargs):
        # The comments render themselves ({% comment_section %}, broadsheet.comments).
        context = super().get_context(request, *args, **kwargs)
        context["recent_posts"] = PostPage.objects.recent(exclude=self)
        context["older_post"], context["newer_post"] = PostPage.objects.adjacent(self)
        context["seo"] = seo.post_meta(self, request)
        return context
