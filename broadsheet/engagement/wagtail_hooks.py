"""The counts' place in the Wagtail admin: a dashboard panel of the top posts."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from broadsheet.engagement.selectors import top_posts


class TopPostsPanel(Component):
    name = "top_posts"
    order = 60
    template_name = "engagement/admin/top_posts_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "rankings": [
                {
                    "id": "top-viewed",
                    "heading": "Most viewed",
                    "unit": "view",
                    "rows": top_posts(by="views"),
                },
                {
                    "id": "top-liked",
                    "heading": "Most liked",
                    "unit": "like",
                    "rows": top_posts(by="likes"),
                },
            ]
        }


@hooks.register("construct_homepage_panels")
def add_top_posts_panel(request, panels):
    panels.append(TopPostsPanel())
