from django.apps import AppConfig


class ExportersConfig(AppConfig):
    name = "broadsheet.exporters"
    label = "exporters"
