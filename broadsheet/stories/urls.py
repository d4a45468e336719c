from django.urls import path

from broadsheet.feeds.generators import AtomFeed
from broadsheet.stories import views
from broadsheet.stories.feeds import StoryFeed

app_name = "stories"

urlpatterns = [
    path("stories/", views.story_list, name="list"),
    path("story/follow/confirm/<str:token>/", views.follow_confirm, name="confirm"),
    path("story/following/<str:token>/", views.following, name="following"),
    path("story/<str:slug>/", views.story_detail, name="story"),
    path("story/<str:slug>/follow/", views.story_follow, name="follow"),
    path("story/<str:slug>/feed/", StoryFeed.as_view(), name="feed"),
    path("story/<str:slug>/feed/atom/", StoryFeed.as_view(feed_type=AtomFeed), name="feed_atom"),
]
