"""A Wagtail upgrade stops here until the admin's CSP shims are checked against it."""

import wagtail

# The Wagtail release the shims in this app were last verified against. After an upgrade,
# re-verify: run the browser tests (admin_csp, blog's and editor's), compare the five
# templates in templates/wagtailadmin with Wagtail's new ones, and BaseChooser.render with
# the patch in wagtail_hooks.py; the same for broadsheet/editor's two autosave templates
# (templates/wagtailadmin/shared) and editor/autosave.js, which reads autosave's events;
# then move this to the new version.
VERIFIED_WITH = (8, 0)


def test_the_admin_csp_shims_were_verified_with_this_wagtail():
    assert wagtail.VERSION[:2] == VERIFIED_WITH, (
        f"Wagtail is now {wagtail.__version__}: re-verify the admin CSP shims in "
        "broadsheet/admin_csp (see this test's comment), then update VERIFIED_WITH"
    )
