from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "broadsheet.blog"
    label = "blog"

    def ready(self):
        # Edits throw away the kept pages that show them (broadsheet.pagecache).
        from broadsheet.blog import signals

        signals.connect_picture_signals()
