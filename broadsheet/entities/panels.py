"""The post's entities as a panel of its edit form (PostPage.content_panels): what was
found, with a link to the page where editors add or remove them."""

from wagtail.admin.panels import Panel

from broadsheet.entities.models import PostEntity


class PostEntitiesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "entities/admin/post_entities_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            post = self.instance
            mentions = []
            if post is not None and post.pk:
                mentions = list(
                    PostEntity.objects.filter(post_id=post.pk)
                    .select_related("entity")
                    .order_by("excluded", "-count", "entity__name")
                )
            context["post"] = post
            context["shown"] = [m for m in mentions if not m.excluded]
            context["removed_count"] = sum(m.excluded for m in mentions)
            return context


def post_entities_panel() -> PostEntitiesPanel:
    return PostEntitiesPanel(
        heading="Who and where",
        help_text=(
            "Countries, cities, people and organisations found in the published post, "
            "most mentioned first. Found again each time it is published."
        ),
    )
