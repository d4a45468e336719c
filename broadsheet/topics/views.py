"""The readers' pages of entities: one per entity, and the index with its world map."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from broadsheet.blog.pagination import paginate
from broadsheet.blog.seo import listing_meta
from broadsheet.core.caching import public_cache
from broadsheet.entities.models import Entity
from broadsheet.entities.selectors import posts_mentioning
from broadsheet.pagecache.dependencies import depends_on
from broadsheet.topics import cache_tags
from broadsheet.topics.charts import month_chart
from broadsheet.topics.selectors import entities_with_post_counts, mentioned_with, posts_per_month
from broadsheet.topics.worldmap import world_map

TOPICS_TITLE = "Topics"


@public_cache
def topic(request, slug):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    posts = posts_mentioning(entity)
    page = paginate(request, posts, listing=cache_tags.topic_listing(entity.pk))
    depends_on(
        cache_tags.entity(entity.pk),
        cache_tags.entity_about(entity.pk),
        cache_tags.topic(entity.pk),
    )
    # The chart and "mentioned with" sum up every post, so the first page alone shows them.
    first_page = page.number == 1
    companions = list(mentioned_with(entity)) if first_page else []
    depends_on(*(cache_tags.entity(companion.pk) for companion in companions))
    kind = entity.get_kind_display()
    description = entity.description or f"Every post about {entity.name}, newest first."
    meta = listing_meta(
        request,
        title=entity.name,
        description=description,
        page_number=page.number,
        trail=((TOPICS_TITLE, reverse("entities:index")), (entity.name, request.path)),
    )
    return render(
        request,
        "topics/topic.html",
        {
            "entity": entity,
            "kind": kind,
            "aliases": [alias.name for alias in entity.aliases.all()],
            "posts": page,
            "chart": month_chart(posts_per_month(posts)) if first_page else None,
            "companions": companions,
            "seo": meta,
        },
    )


@public_cache
def topics_index(request):
    """Every entity some published post mentions, by kind, with the map of countries."""
    entities = list(entities_with_post_counts().order_by("kind", "name"))
    depends_on(cache_tags.TOPICS, *(cache_tags.entity(entity.pk) for entity in entities))
    groups = []
    for value, label in Entity.Kind.choices:
        members = [entity for entity in entities if entity.kind == value]
        if members:
            groups.append((value, KIND_HEADINGS.get(value, label), members))
    countries = [entity for entity in entities if entity.kind == Entity.Kind.COUNTRY]
    meta = listing_meta(
        request,
        title=TOPICS_TITLE,
        description="The countries, cities, people and organisations the posts are about.",
        page_number=1,
    )
    return render(
        request,
        "topics/topics_index.html",
        {"groups": groups, "map": world_map(countries), "seo": meta},
    )


KIND_HEADINGS = {
    Entity.Kind.COUNTRY: "Countries",
    Entity.Kind.CITY: "Cities",
    Entity.Kind.PERSON: "People",
    Entity.Kind.ORGANISATION: "Organisations",
}
