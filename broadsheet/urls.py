from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("broadsheet.comments.urls")),
    path("", include("broadsheet.engagement.urls")),
    path("", include("broadsheet.newsletter.urls")),
    path("", include("broadsheet.blog.urls")),
    path("", include("broadsheet.feeds.urls")),
    path("", include("broadsheet.corrections.urls")),
    path("", include("broadsheet.topics.urls")),
    path("", include("broadsheet.stories.urls")),
    path("", include("broadsheet.seo.urls")),
    path("search/", include("broadsheet.search.urls")),
]

if settings.SERVE_MEDIA:
    # One-machine installs serve uploads themselves; at scale, object storage and a CDN do.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns.append(path("", include(wagtail_urls)))
