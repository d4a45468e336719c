import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory


@pytest.mark.django_db
def test_ensure_admin_prints_a_password_that_signs_in():
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)

    lines = dict(
        line.strip().split(": ", 1) for line in out.getvalue().splitlines() if ": " in line
    )
    assert lines["username"] == "admin"
    # As the sign-in page does: with the request, which sign-in throttling needs.
    sign_in = RequestFactory().post("/admin/login/")
    user = authenticate(sign_in, username="admin", password=lines["password"])
    assert user is not None
    assert user.is_superuser


@pytest.mark.django_db
def test_ensure_admin_leaves_an_existing_administrator_alone():
    get_user_model().objects.create_superuser("editor", password="x" * 12)
    out = io.StringIO()

    call_command("ensure_admin", stdout=out)

    assert out.getvalue() == ""
    assert get_user_model().objects.count() == 1
