from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "broadsheet.seo"
    label = "seo"
