from django.urls import path

from broadsheet.blog import views

app_name = "blog"

urlpatterns = [
    path("post/<str:slug>/", views.post_detail, name="post"),
    path("author/<str:slug>/", views.author_posts, name="author"),
    path("blog/category/<str:slug>/", views.category_posts, name="category"),
    path("blog/tag/<str:slug>/", views.tag_posts, name="tag"),
]
