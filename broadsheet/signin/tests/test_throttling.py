"""Sign-in throttling: by account, by address, a page that gives nothing away, and unlocking."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)


def _sign_in(client, username, password, *, ip="203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(client):
    return client.get("/admin/").status_code == 200


def _page_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_the_right_password_is_refused_after_five_wrong_ones(client, admin_user):
    codes = [_sign_in(client, "admin", "wrong").status_code for _ in range(5)]

    response = _sign_in(client, "admin", PASSWORD)

    # The fifth failure is answered with the pause already.
    assert codes == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "Signing in is paused here for 15 minutes" in _page_text(response)
    assert response["Retry-After"] == "900"
    assert not _signed_in(client)


def test_four_wrong_passwords_do_not_lock_and_success_forgets_them(client, admin_user):
    for _ in range(4):
        _sign_in(client, "admin", "wrong")
    assert _sign_in(client, "admin", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        _sign_in(client, "admin", "wrong")

    assert _sign_in(client, "admin", PASSWORD).status_code == 302


def test_an_account_is_locked_whatever_address_the_tries_come_from(client, admin_user):
    for n in range(5):
        _sign_in(client, "admin", "wrong", ip=f"198.51.100.{n}")

    assert _sign_in(client, "admin", PASSWORD, ip="192.0.2.200").status_code == 429


def test_an_address_is_locked_whatever_accounts_it_tries(client, admin_user):
    for name in ["alice", "bob", "carol", "dave", "erin"]:
        _sign_in(client, name, "guess")

    assert _sign_in(client, "admin", PASSWORD).status_code == 429
    assert _sign_in(client, "admin", PASSWORD, ip="192.0.2.200").status_code == 302


def test_the_pause_reads_the_same_for_an_account_that_does_not_exist(client, admin_user):
    for _ in range(5):
        _sign_in(client, "admin", "wrong", ip="198.51.100.1")
        _sign_in(client, "nobody", "wrong", ip="198.51.100.2")

    real = _sign_in(client, "admin", "wrong", ip="198.51.100.1")
    unknown = _sign_in(client, "nobody", "wrong", ip="198.51.100.2")

    assert (real.status_code, unknown.status_code) == (429, 429)
    assert _page_text(real) == _page_text(unknown)
    assert "admin" not in _page_text(real).lower().replace("administrator", "")


def test_an_administrator_lifts_the_pause_with_a_command(client, admin_user):
    for n in range(5):
        _sign_in(client, "admin", "wrong", ip=f"198.51.100.{n}")
    assert _sign_in(client, "admin", PASSWORD).status_code == 429

    call_command("axes_reset_username", "admin")

    assert _sign_in(client, "admin", PASSWORD).status_code == 302
    assert _signed_in(client)
