from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def _blog_index_url(request):
    from broadsheet.blog.models import BlogIndexPage

    index = BlogIndexPage.objects.live().only("url_path", "path", "depth").first()
    return index.get_url(request) if index else "/"


def site_name_for(request) -> str:
    """The name of the Wagtail site that answers ``request``, else the installation's."""
    current = Site.find_for_request(request) if request is not None else None
    return (current and current.site_name) or settings.WAGTAIL_SITE_NAME


def site(request):
    """The site's name and the blog index's address, for the header of every page."""
    return {
        "site_name": SimpleLazyObject(lambda: site_name_for(request)),
        "blog_index_url": SimpleLazyObject(lambda: _blog_index_url(request)),
    }
