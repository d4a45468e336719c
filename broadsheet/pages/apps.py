from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "broadsheet.pages"
    label = "pages"
