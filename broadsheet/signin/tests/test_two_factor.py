"""Optional TOTP two-factor sign-in: set up with a real authenticator code, then asked for one."""

import hashlib
import hmac
import struct
import time
from base64 import b32decode

import pytest
from bs4 import BeautifulSoup
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def totp(secret: str, *, at: float | None = None) -> str:
    """RFC 6238 as an authenticator app computes it: HMAC-SHA1, 30 s steps, six digits.

    Written out here, not taken from django-otp, so the test checks django-otp against
    the standard rather than against itself.
    """
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


@pytest.fixture
def two_factor(settings):
    settings.BROADSHEET_TWO_FACTOR = "optional"
    return settings


def _sign_in(client):
    return client.post("/admin/login/", {"username": "editor", "password": PASSWORD})


def _set_up(client):
    page = BeautifulSoup(client.get("/admin/two-factor/setup/").content, "html.parser")
    secret = page.select_one(".two-factor-secret").get_text()
    assert page.select_one(".two-factor-qr svg") is not None
    response = client.post("/admin/two-factor/setup/", {"code": totp(secret)})
    assert response.status_code == 302
    return secret


def test_off_by_default_nothing_is_asked(client, editor):
    _sign_in(client)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/two-factor/setup/")["Location"] == "/admin/"


def test_editor_sets_up_an_app_then_signs_in_with_a_real_code(client, editor, two_factor):
    _sign_in(client)
    secret = _set_up(client)
    assert TOTPDevice.objects.get(user=editor).confirmed
    client.logout()

    assert _sign_in(client).status_code == 302
    held = client.get("/admin/pages/")
    assert held["Location"] == "/admin/two-factor/verify/?next=%2Fadmin%2Fpages%2F"

    # A code from a step long past is refused; the one the app shows now is taken.
    wrong = client.post(held["Location"], {"code": totp(secret, at=time.time() - 3600)})
    assert "That code did not work" in wrong.content.decode()
    # The device throttles after a failure: let it pass, as an editor retyping would.
    TOTPDevice.objects.filter(user=editor).update(throttling_failure_count=0)
    # A code is good once: the set-up used this step's, so sign in with the next step's,
    # which the device accepts for clock drift (what the app shows 30 s later).
    next_code = totp(secret, at=time.time() + 30)
    right = client.post(held["Location"], {"code": next_code, "next": "/admin/pages/"})

    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_editor_without_an_app_signs_in_with_the_password_alone(client, editor, two_factor):
    _sign_in(client)

    assert client.get("/admin/").status_code == 200


def test_required_sends_an_editor_without_an_app_to_set_one_up(client, editor, settings):
    settings.BROADSHEET_TWO_FACTOR = "required"
    _sign_in(client)

    response = client.get("/admin/")

    assert response["Location"] == "/admin/two-factor/setup/?next=%2Fadmin%2F"
    _set_up(client)
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_count_as_failed_sign_ins_and_lock_out(client, editor, two_factor):
    _sign_in(client)
    _set_up(client)
    client.logout()
    _sign_in(client)

    for _ in range(5):
        TOTPDevice.objects.filter(user=editor).update(throttling_failure_count=0)
        response = client.post("/admin/two-factor/verify/", {"code": "000000"})

    assert response.status_code == 429
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_account_page_offers_set_up_when_two_factor_is_on(client, editor, two_factor):
    _sign_in(client)

    html = client.get("/admin/account/").content.decode()

    assert "Set up two-factor sign-in" in html
