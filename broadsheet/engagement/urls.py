from django.urls import path

from broadsheet.engagement import views

app_name = "engagement"

urlpatterns = [
    path("post/<str:slug>/like/", views.like_post, name="like"),
    path("post/<str:slug>/seen.gif", views.seen_beacon, name="seen"),
]
