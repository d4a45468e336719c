"""Optional TOTP two-factor sign-in for the admin (django-otp), off by default.

``TWO_FACTOR`` in the environment (``BROADSHEET_TWO_FACTOR`` in settings):

- ``off`` (default): passwords alone, nothing asked, no set-up page.
- ``optional``: each editor may set up an authenticator app (Account → Two-factor
  sign-in); those who did are asked for a code after their password.
- ``required``: every editor is asked for a code; one without an app is sent to set one
  up before anything else in the admin.

After the password, the session is signed in but not yet verified: until the code is
given, the admin answers with the code page, and pages outside the admin see nobody.
"""

from base64 import b32encode
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

OFF, OPTIONAL, REQUIRED = "off", "optional", "required"


def two_factor_mode() -> str:
    mode = getattr(settings, "BROADSHEET_TWO_FACTOR", OFF)
    return mode if mode in {OFF, OPTIONAL, REQUIRED} else OFF


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def base32_secret(device) -> str:
    """The key as authenticator apps take it when typed in, in groups of four."""
    secret = b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class TwoFactorMiddleware:
    """Holds a signed-in but unverified editor at the code (or set-up) page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if two_factor_mode() != OFF and self._unverified(request):
            target = self._where_to(request)
            if request.path.startswith("/admin/"):
                if target and request.path not in self._open_paths():
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{target}?{query}")
            else:
                request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _unverified(request) -> bool:
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and not user.is_verified())

    @staticmethod
    def _where_to(request):
        if confirmed_device(request.user) is not None:
            return reverse("signin_two_factor_verify")
        if two_factor_mode() == REQUIRED:
            return reverse("signin_two_factor_setup")
        return None

    @staticmethod
    def _open_paths():
        return {
            reverse("signin_two_factor_verify"),
            reverse("signin_two_factor_setup"),
            reverse("wagtailadmin_logout"),
        }
