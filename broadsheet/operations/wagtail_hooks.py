"""The task queue's health on the admin dashboard, for those who run the site."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from broadsheet.operations.selectors import STALE_AFTER, task_queue_health


class TaskQueuePanel(Component):
    name = "task_queue"
    order = 55
    template_name = "operations/admin/task_queue_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "health": task_queue_health(),
            "stale_minutes": int(STALE_AFTER.total_seconds() // 60),
        }


@hooks.register("construct_homepage_panels")
def add_task_queue_panel(request, panels):
    # Running the worker is the operator's business: shown to administrators only.
    if request.user.is_superuser:
        panels.append(TaskQueuePanel())
