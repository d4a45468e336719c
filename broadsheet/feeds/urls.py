"""Each feed at its listing's address plus ``feed/`` (RSS 2.0) and ``feed/atom/``."""

from django.urls import path

from broadsheet.feeds.feeds import AuthorFeed, CategoryFeed, LatestPostsFeed, TagFeed
from broadsheet.feeds.generators import AtomFeed

app_name = "feeds"

urlpatterns = [
    path("feed/", LatestPostsFeed.as_view(), name="site"),
    path("feed/atom/", LatestPostsFeed.as_view(feed_type=AtomFeed), name="site_atom"),
    path("blog/category/<str:slug>/feed/", CategoryFeed.as_view(), name="category"),
    path(
        "blog/category/<str:slug>/feed/atom/",
        CategoryFeed.as_view(feed_type=AtomFeed),
        name="category_atom",
    ),
    path("blog/tag/<str:slug>/feed/", TagFeed.as_view(), name="tag"),
    path("blog/tag/<str:slug>/feed/atom/", TagFeed.as_view(feed_type=AtomFeed), name="tag_atom"),
    path("author/<str:slug>/feed/", AuthorFeed.as_view(), name="author"),
    path(
        "author/<str:slug>/feed/atom/", AuthorFeed.as_view(feed_type=AtomFeed), name="author_atom"
    ),
]
