from django.apps import AppConfig


class SigninConfig(AppConfig):
    """Signing in to the admin: throttled failures, and optional two-factor codes."""

    name = "broadsheet.signin"
    label = "signin"
    verbose_name = "sign-in"
