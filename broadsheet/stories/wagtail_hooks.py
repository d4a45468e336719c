"""Stories under Snippets > Stories: listed with their latest post, searched by title."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.stories.models import Story


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "list-ul"
    menu_label = "Stories"
    add_to_admin_menu = False
    list_display = ["title", "slug", "is_open", "updated_at"]
    list_filter = ["is_open"]
    ordering = ["title"]


register_snippet(StoryViewSet)
