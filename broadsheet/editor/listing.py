"""The posts list: every post with its date, author, category, status and comments,
filtered by status (drafts, stale drafts among them), author, category and date."""

import django_filters
from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet

from broadsheet.blog.models import Author, Category, PostPage
from broadsheet.editor import selectors, views

STATUS_FILTERS = {
    "published": ("Published", selectors.posts_published),
    "changed": ("Published, with unpublished changes", selectors.posts_changed_since_published),
    "scheduled": ("Scheduled", selectors.posts_scheduled),
    "draft": ("Draft", selectors.posts_drafts),
    "stale": (
        f"Draft untouched for {selectors.STALE_DRAFT_DAYS} days or more",
        lambda posts: selectors.posts_stale_drafts(posts, now=timezone.now()),
    ),
}


class PostFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(key, label) for key, (label, _) in STATUS_FILTERS.items()],
        method="filter_status",
        empty_label="All",
        widget=forms.RadioSelect,
    )
    author = django_filters.ModelMultipleChoiceFilter(
        label="Author", queryset=Author.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label="Category", queryset=Category.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    date = django_filters.DateFromToRangeFilter(
        label="Publication date", widget=DateRangePickerWidget
    )

    class Meta:
        model = PostPage
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        return STATUS_FILTERS[value][1](queryset)


class CommentCountColumn(Column):
    """Approved comments, and those awaiting moderation if any: "4 (1 waiting)"."""

    def get_value(self, instance):
        approved = getattr(instance, "approved_comments", 0)
        pending = getattr(instance, "pending_comments", 0)
        return f"{approved} ({pending} waiting)" if pending else str(approved)


class PostIndexView(IndexView):
    default_ordering = "-date"
    page_title = "Posts"

    def get_base_queryset(self):
        return selectors.with_listing_columns(super().get_base_queryset())


class PostListingViewSet(PageListingViewSet):
    model = PostPage
    name = "posts"
    icon = "doc-full-inverse"
    menu_label = "Posts"
    menu_order = 1  # First in the menu, after "New post": what a writer opens most.
    add_to_admin_menu = True
    index_view_class = PostIndexView
    filterset_class = PostFilterSet
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        DateColumn("date", label="Date", sort_key="date", width="14%"),
        Column("author_name", label="Author", sort_key="author__name", width="14%"),
        Column("category_name", label="Category", sort_key="category__name", width="14%"),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
        CommentCountColumn(
            "approved_comments", label="Comments", sort_key="approved_comments", width="10%"
        ),
    ]

    def get_common_view_kwargs(self, **kwargs):
        # "Add post" opens the post form under the blog index, as "New post" does.
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": self.get_url_name("new"),
        }

    @cached_property
    def new_post_view(self):
        return views.new_post

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("new/", self.new_post_view, name="new")]
