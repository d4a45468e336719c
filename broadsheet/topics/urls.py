"""Topic pages at /topic/<slug>/ with their feeds, and the index at /topics/.

Named in the ``entities`` namespace: ``Entity.get_absolute_url`` reverses
``entities:topic``, and these are the entities' pages, served by this app.
"""

from django.urls import path

from broadsheet.feeds.generators import AtomFeed
from broadsheet.topics import views
from broadsheet.topics.feeds import TopicFeed

app_name = "entities"

urlpatterns = [
    path("topics/", views.topics_index, name="index"),
    path("topic/<str:slug>/", views.topic, name="topic"),
    path("topic/<str:slug>/feed/", TopicFeed.as_view(), name="feed"),
    path("topic/<str:slug>/feed/atom/", TopicFeed.as_view(feed_type=AtomFeed), name="feed_atom"),
]
