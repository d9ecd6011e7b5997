"""Session idle timeout and the second-factor gate."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse

OPEN_PREFIXES = ("/static/", "/login", "/logout", "/i18n/", "/api/", "/account/totp")
# Set in the (new, anonymous) session when the idle timeout signed the user out; the login
# page reads it to say why. A session flag, not a message: this middleware runs before
# MessageMiddleware, and a query parameter could be forged.
if TYPE_CHECKING:
    from .models import User

IDLE_EXPIRED_KEY = "idle_expired"


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen")
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                request.session[IDLE_EXPIRED_KEY] = True
                url = resolve_url(settings.LOGIN_URL)
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(url)
            if last is None or now - last > 30:  # avoid a session write on every request
                request.session["last_seen"] = now
        return self.get_response(request)


def user_has_device(user: User) -> bool:
    from django_otp import user_has_device as _has

    return _has(user, confirmed=True)


def second_factor_required(user) -> bool:
    """Whether this user must enrol a second factor: everyone, when enforced (production).

    Why every role, not only those that see victims: an administrator can create accounts and
    memberships, an auditor reads who looked at which victim, the monitoring committee reads
    the statistics; a stolen password alone must not be enough for any of them.
    """
    return bool(settings.ENLACE_ENFORCE_TOTP and user.is_authenticated)


class SecondFactorRequiredMiddleware:
    """A user with a confirmed TOTP device must pass it; when enforced, every user must have one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(OPEN_PREFIXES) and not user.is_verified():
            if user_has_device(user):
                return redirect(reverse("web:login_totp") + "?" + urlencode({"next": request.get_full_path()}))
            if second_factor_required(user):
                return redirect("web:totp_setup")
        return self.get_response(request)
