"""The masthead as pages show it: read once per site between purges (core.memo)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from wagtail.models import Site

from broadsheet.blog import cache_tags
from broadsheet.blog.sections import sections_with_posts
from broadsheet.core.memo import remember
from broadsheet.masthead.models import DEFAULT_COUNTS_THRESHOLD, NavigationLink, SiteSettings
from broadsheet.pagecache.dependencies import depends_on


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    category_id: int | None = None
    page_id: int | None = None


@dataclass(frozen=True)
class Masthead:
    tagline: str = ""
    description: str = ""
    counts_threshold: int = DEFAULT_COUNTS_THRESHOLD
    # The editor's links; empty: the sections with posts (``navigation``).
    links: tuple[NavLink, ...] = ()


def masthead_for(request) -> Masthead:
    if request is None:
        return Masthead()
    # Asked by every card of a list: once a request, and between purges once a process.
    found = getattr(request, "_broadsheet_masthead", None)
    if found is None:
        site = Site.find_for_request(request)
        # A change of the settings throws every page away (masthead.signals), and this.
        found = remember(f"masthead:{site.pk}", lambda: _read(site, request)) if site else None
        request._broadsheet_masthead = found = found or Masthead()
    return found


def _read(site, request) -> Masthead:
    # Most sites keep the default header (the sections): one read then, not two.
    links_exist = Exists(NavigationLink.objects.filter(settings=OuterRef("pk")))
    settings = (
        SiteSettings.objects.filter(site=site).annotate(has_links=links_exist).first()
    ) or SiteSettings.for_site(site)
    links = []
    chosen = settings.navigation_links.select_related("category", "page")
    for link in chosen if getattr(settings, "has_links", True) else ():
        if link.category is not None:
            name = link.label or link.category.name
            links.append(NavLink(name, link.category.get_absolute_url(), link.category_id))
        elif link.page is not None:
            url = link.page.specific_deferred.get_url(request)
            if url and link.page.live:
                links.append(NavLink(link.label or link.page.title, url, page_id=link.page_id))
        elif link.url:
            links.append(NavLink(link.label, link.url))
    return Masthead(
        tagline=settings.tagline,
        description=settings.description,
        counts_threshold=settings.counts_threshold,
        links=tuple(links),
    )


def navigation(request, *, blog_index_url: str) -> list[NavLink]:
    """The header's links, and tells the page cache what they show.

    The editor's links, else every section with posts and then All posts.
    """
    masthead = masthead_for(request)
    links = list(masthead.links)
    if not links:
        links = [
            NavLink(category.name, category.get_absolute_url(), category.pk)
            for category in sections_with_posts()
        ]
        links.append(NavLink("All posts", str(blog_index_url)))
        cache_tags.declare_sections_shown()
    cache_tags.declare_categories_shown(
        link.category_id for link in links if link.category_id is not None
    )
    # A page's title or address: its own edits purge ``page:<id>`` (pages.signals).
    depends_on(*(cache_tags.page(link.page_id) for link in links if link.page_id))
    return links
