from django.utils.functional import SimpleLazyObject

from broadsheet.blog.models import BlogIndexPage
from broadsheet.core.memo import remember_site_wide
from broadsheet.core.sites import site_name_for


def _blog_index_url(request):
    def find():
        # The first in the tree. A site has one or two: sorted here, as ORDER BY path
        # makes SQLite walk every page's path in order (10 ms at 100,000 posts).
        indexes = BlogIndexPage.objects.live().only("url_path", "path", "depth").order_by()
        index = min(indexes, key=lambda page: page.path, default=None)
        return index.get_url(request) if index else "/"

    # Where the index lives changes only with the index itself, which purges every page.
    return remember_site_wide(f"blog-index-url:{request._get_raw_host()}", find)


def site(request):
    """The site's name and the blog index's address, for the header of every page."""
    return {
        "site_name": SimpleLazyObject(lambda: site_name_for(request)),
        "blog_index_url": SimpleLazyObject(lambda: _blog_index_url(request)),
    }
