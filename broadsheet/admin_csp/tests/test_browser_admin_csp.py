"""Wagtail's admin widgets still work under our CSP, started by admin_csp/admin-csp.js."""

import pytest
from playwright.sync_api import expect

from broadsheet.core.tests.browser import admin_log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_inline_panel_adds_a_form_whose_chooser_opens(page, csp_violations, admin_user):
    # The workflow editor is the admin's one inline panel, holding task choosers.
    admin_log_in(page, username=admin_user.username, password="password")
    page.goto("/admin/workflows/add/")

    page.get_by_role("button", name="Add task").click()
    page.get_by_role("button", name="Choose a task").click()

    expect(page.get_by_role("dialog").get_by_role("heading", name="Choose a task")).to_be_visible()
    assert csp_violations == []
