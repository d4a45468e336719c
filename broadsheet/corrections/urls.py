from django.urls import path

from broadsheet.corrections import views
from broadsheet.corrections.feeds import CorrectionsFeed
from broadsheet.feeds.generators import AtomFeed

app_name = "corrections"

urlpatterns = [
    path("corrections/", views.correction_list, name="list"),
    path("corrections/feed/", CorrectionsFeed.as_view(), name="feed"),
    path("corrections/feed/atom/", CorrectionsFeed.as_view(feed_type=AtomFeed), name="feed_atom"),
    path("corrections/<int:pk>/", views.correction_changes, name="changes"),
]
