"""Sign-in (password, then TOTP when the user has a device), sign-out, password change, TOTP set-up."""

from __future__ import annotations

import base64
import io
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from enlace.accounts.requests import AuthenticatedRequest

from .middleware import IDLE_EXPIRED_KEY, user_has_device
from .services import password_change
from .services_auth import (
    login_failed_recorded,
    login_recorded,
    logout_recorded,
    totp_candidate,
    totp_candidate_key,
    totp_enrol,
    totp_verify,
)

TOTP_KEY_SESSION = "totp_setup_key"


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TotpForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("6-digit code from your authenticator app"), max_length=6, min_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=gettext_lazy("Current password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label=gettext_lazy("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                   help_text=gettext_lazy("At least 12 characters; not a common password."))
    new_password2 = forms.CharField(label=gettext_lazy("New password again"),
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("new_password") and data.get("new_password2") and data["new_password"] != data["new_password2"]:
            self.add_error("new_password2", _("The two new passwords do not match."))
        return data


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or default
    ok = url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return nxt if ok else default


def login_view(request: HttpRequest):
    if request.session.pop(IDLE_EXPIRED_KEY, False):
        messages.info(request, _("Your session expired after a period of inactivity. Please sign in again."))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is None:
            login_failed_recorded(username=form.cleaned_data["username"], ip_address=_client_ip(request))
            form.add_error(None, _("Wrong username or password."))
        else:
            login(request, user)
            login_recorded(user=user, ip_address=_client_ip(request))
            if user_has_device(user):
                return redirect(reverse("web:login_totp") + "?" + urlencode({"next": _safe_next(request)}))
            return redirect(_safe_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)})


@login_required
def login_totp_view(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.is_verified() or not user_has_device(request.user):
        return redirect(_safe_next(request))
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_verify(user=request.user, token=form.cleaned_data["token"], ip_address=_client_ip(request))
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("That code is not valid. Check your phone's clock and try again."))
    return render(request, "accounts/login_totp.html", {"form": form, "next": _safe_next(request)})


@login_required
def totp_setup_view(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol an authenticator app: show the secret as QR (SVG, no external service) and confirm a code.

    This page is reachable before the second factor is passed (users without a device must
    get here), so a user who already has a device must pass it first: otherwise a stolen
    password alone would be enough to enrol the thief's authenticator.
    """
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(reverse("web:login_totp") + "?" + urlencode({"next": request.get_full_path()}))
    # The candidate secret lives in the session until a code proves the app has it: a GET
    # (a prefetch, a crawler, a reload) never writes a device.
    key = request.session.get(TOTP_KEY_SESSION) or totp_candidate_key()
    request.session[TOTP_KEY_SESSION] = key
    device = totp_candidate(user=request.user, key=key)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolled = totp_enrol(user=request.user, key=key, token=form.cleaned_data["token"])
        if enrolled is not None:
            request.session.pop(TOTP_KEY_SESSION, None)
            otp_login(request, enrolled)
            messages.success(request, _("Two-factor authentication is now active for your account."))
            return redirect("web:home")
        form.add_error("token", _("That code is not valid. Check your phone's clock and try again."))
    img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buf = io.BytesIO()
    img.save(buf)
    qr = "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()
    secret = base64.b32encode(device.bin_key).decode()
    secret = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))  # easier to type by hand
    return render(request, "accounts/totp_setup.html", {"form": form, "qr": qr, "secret": secret,
                                                        "replacing": user_has_device(request.user)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout_recorded(user=request.user)
    logout(request)
    return redirect("web:login")


@login_required
def password_change_view(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(actor=request.user, old_password=form.cleaned_data["old_password"],
                            new_password=form.cleaned_data["new_password"])
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for e in errs:
                    form.add_error(field if field in form.fields else None, e)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password was changed."))
            return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form})


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """django-axes calls this when an account+address pair is locked (AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(request, "accounts/locked.html", {"cooloff_minutes": minutes}, status=429)
