from django.urls import path, register_converter

from broadsheet.blog import views


class YearConverter:
    """Four digits, as in /blog/2021/02/."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    """Two digits, as in /blog/2021/02/; months past 12 are the view's 404."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

app_name = "blog"

urlpatterns = [
    path("blog/archive/", views.archive_index, name="archive"),
    path("blog/<yyyy:year>/<mm:month>/", views.archive_month, name="archive_month"),
    path("post/<str:slug>/", views.post_detail, name="post"),
    path("author/<str:slug>/", views.author_posts, name="author"),
    path("blog/category/<str:slug>/", views.category_posts, name="category"),
    path("blog/tag/<str:slug>/", views.tag_posts, name="tag"),
]
