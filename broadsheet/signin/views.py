"""The two-factor pages of the admin: give a code, set up an app, turn it off."""

import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from broadsheet.signin.throttling import locked_out
from broadsheet.signin.two_factor import OFF, base32_secret, confirmed_device, two_factor_mode

WRONG_CODE = "That code did not work. Type the six digits your app shows now."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/admin/"


def _failed(request):
    """A wrong code counts as a failed sign-in for the account and the address (axes)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )


@never_cache
def verify(request):
    device = confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        _failed(request)
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            logout(request)
            return locked_out(request)
        form.add_error("code", WRONG_CODE)
    return TemplateResponse(
        request, "signin/verify.html", {"form": form, "next": _next_url(request)}
    )


@never_cache
def setup(request):
    if two_factor_mode() == OFF:
        return redirect("wagtailadmin_home")
    # A new key each time set-up starts; it only counts once a code from it is given.
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on for your account.")
            return redirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    qr_code = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr_code.svg_inline(scale=4, title="QR code to scan with your app"),
        "secret": base32_secret(device),
        "has_device": confirmed_device(request.user) is not None,
        "next": _next_url(request),
    }
    return TemplateResponse(request, "signin/setup.html", context)


@never_cache
def turn_off(request):
    device = confirmed_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            TOTPDevice.objects.filter(user=request.user).delete()
            messages.success(request, "Two-factor sign-in is off for your account.")
            return redirect("wagtailadmin_account")
        _failed(request)
        form.add_error("code", WRONG_CODE)
    return TemplateResponse(request, "signin/turn_off.html", {"form": form, "has_device": device})
