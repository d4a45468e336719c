from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "broadsheet.blog"
    label = "blog"

    def ready(self):
        # Edits throw away the kept pages that show them (broadsheet.pagecache).
        from broadsheet.blog import signals

        signals.connect_picture_signals()
        # The admin's form for posts: it uses services, which models cannot import.
        from broadsheet.blog.admin_forms import PostPageForm
        from broadsheet.blog.models import PostPage

        PostPage.base_form_class = PostPageForm
