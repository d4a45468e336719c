"""The two-factor pages in the admin, and their place on the Account page."""

from django.urls import path, reverse
from wagtail import hooks

from broadsheet.signin import views
from broadsheet.signin.two_factor import OFF, confirmed_device, two_factor_mode


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/verify/", views.verify, name="signin_two_factor_verify"),
        path("two-factor/setup/", views.setup, name="signin_two_factor_setup"),
        path("two-factor/turn-off/", views.turn_off, name="signin_two_factor_turn_off"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if two_factor_mode() == OFF:
        return None
    if confirmed_device(request.user) is None:
        return {
            "url": reverse("signin_two_factor_setup"),
            "label": "Set up two-factor sign-in",
            "help_text": "Ask for a code from an authenticator app after your password.",
        }
    return {
        "url": reverse("signin_two_factor_turn_off"),
        "label": "Turn off two-factor sign-in",
        "help_text": "Two-factor sign-in is on: a code is asked after your password.",
    }
