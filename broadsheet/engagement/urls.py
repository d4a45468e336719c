from django.urls import path

from broadsheet.engagement import views

app_name = "engagement"

urlpatterns = [
    path("post/<str:slug>/like/", views.like_post, name="like"),
    # Answered by beacon.BeaconApp before Django where the WSGI application has it.
    path("seen/<int:post_id>.gif", views.seen_beacon, name="seen"),
]
