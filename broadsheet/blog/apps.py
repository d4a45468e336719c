from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "broadsheet.blog"
    label = "blog"
