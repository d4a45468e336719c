"""Entities in the Wagtail admin: a snippet list with aliases inline, the suggestions to
decide on (with their count in the menu), and each post's entities."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.entities import admin_views
from broadsheet.entities.models import Entity
from broadsheet.entities.services import entity_names_saved


class EntityViewSet(SnippetViewSet):
    model = Entity
    icon = "site"
    menu_label = "Entities"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "kind", "code", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name", "description"]
    ordering = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        InlinePanel("aliases", heading="Other names", label="Other name"),
        FieldPanel("slug"),
        FieldPanel("code"),
        FieldPanel("country"),
    ]

    def get_queryset(self, request):
        return Entity.objects.select_related("country")


register_snippet(EntityViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def tag_posts_naming_the_entity(request, instance):
    if isinstance(instance, Entity):
        entity_names_saved(entity=instance)


@hooks.register("register_admin_urls")
def register_entities_urls():
    return [
        path("entities/suggestions/", admin_views.suggestion_list, name="entities_suggestions"),
        path(
            "entities/suggestions/<int:pk>/",
            admin_views.suggestion_act,
            name="entities_suggestion_act",
        ),
        path("entities/posts/<int:post_id>/", admin_views.post_entities, name="entities_post"),
        path(
            "entities/posts/<int:post_id>/change/",
            admin_views.post_entities_change,
            name="entities_post_change",
        ),
    ]


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_edit_entities(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        pending = admin_views.pending_suggestions_count()
        if pending:
            component.label = f"{self.label} ({pending})"
        return component


@hooks.register("register_admin_menu_item")
def register_suggestions_menu_item():
    return SuggestionsMenuItem(
        "Entity suggestions", reverse("entities_suggestions"), icon_name="help", order=221
    )
