from django.urls import path

from broadsheet.comments import views

app_name = "comments"

urlpatterns = [
    path("post/<str:slug>/comments/", views.comment_post, name="post"),
    path("comments/replies/stop/<str:token>/", views.replies_stop, name="replies_stop"),
]
