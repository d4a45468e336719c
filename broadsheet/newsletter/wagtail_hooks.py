"""The newsletter in the Wagtail admin: issues and their progress, subscribers (with CSV
export and import), and a dashboard panel."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.newsletter import admin_views
from broadsheet.newsletter.models import Subscriber
from broadsheet.newsletter.selectors import subscriber_counts, subscriber_growth


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Subscribers"
    list_display = ["email", "name", "status", "frequency", "subscribed_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["email", "name"]
    ordering = ["-subscribed_at"]
    # The listing's own "Download CSV" (and XLSX): the filtered list, as shown.
    list_export = [
        "email",
        "name",
        "status",
        "frequency",
        "subscribed_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    export_filename = "subscribers"


subscriber_viewset = SubscriberViewSet()
register_snippet(subscriber_viewset)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("newsletter/", admin_views.issues, name="newsletter_issues"),
        path("newsletter/issue/<int:pk>/", admin_views.issue_detail, name="newsletter_issue"),
        path("newsletter/import/", admin_views.subscribers_import, name="newsletter_import"),
    ]


class NewsletterMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return admin_views.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_newsletter_menu():
    menu = Menu(
        items=[
            MenuItem("Issues", reverse("newsletter_issues"), icon_name="mail", order=100),
            MenuItem(
                "Subscribers",
                reverse(subscriber_viewset.get_url_name("list")),
                icon_name="group",
                order=200,
            ),
            MenuItem(
                "Import subscribers", reverse("newsletter_import"), icon_name="upload", order=300
            ),
        ]
    )
    return NewsletterMenuItem("Newsletter", menu, icon_name="mail", order=250)


class SubscribersPanel(Component):
    name = "newsletter_subscribers"
    order = 55
    template_name = "newsletter/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        growth = subscriber_growth(weeks=4)
        return {
            "counts": subscriber_counts(),
            "joined": sum(week.joined for week in growth),
            "left": sum(week.left for week in growth),
            "issues_url": reverse("newsletter_issues"),
        }


@hooks.register("construct_homepage_panels")
def add_subscribers_panel(request, panels):
    if admin_views.can_manage(request.user):
        panels.append(SubscribersPanel())
