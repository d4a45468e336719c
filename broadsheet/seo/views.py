"""The sitemap index, its sections and robots.txt, each cacheable by browsers and a CDN."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from broadsheet.blog import cache_tags
from broadsheet.core.caching import public_cache
from broadsheet.pagecache.dependencies import STATIC, depends_on
from broadsheet.seo.sitemaps import SECTIONS


@public_cache
def sitemap_index(request):
    depends_on(cache_tags.whole_listing(cache_tags.SITEMAP))
    return sitemap_views.index(request, sitemaps=SECTIONS, sitemap_url_name="seo:sitemap_section")


@public_cache
def sitemap_section(request, section):
    # Django's template writes lastmod as a bare date; a newsroom publishes and
    # corrects several times a day, so ours gives the time too.
    depends_on(cache_tags.whole_listing(cache_tags.SITEMAP))
    return sitemap_views.sitemap(
        request, sitemaps=SECTIONS, section=section, template_name="seo/sitemap.xml"
    )


@require_safe
@public_cache
def robots_txt(request):
    # Nothing here changes with what is published: only a change to the whole site.
    depends_on(STATIC)
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('wagtailadmin_home')}",
        f"Sitemap: {request.build_absolute_uri(reverse('seo:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
