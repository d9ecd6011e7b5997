"""Session idle timeout and the second-factor gate."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

OPEN_PREFIXES = ("/static/", "/login", "/logout", "/i18n/", "/api/", "/account/totp")


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session expired after a period of inactivity. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            if now - last > 30:  # avoid a session write on every request
                request.session["last_seen"] = now
        return self.get_response(request)


def user_has_device(user) -> bool:
    from django_otp import user_has_device as _has

    return _has(user, confirmed=True)


class SecondFactorRequiredMiddleware:
    """A user with a confirmed TOTP device must pass it; roles that see victims must have one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(OPEN_PREFIXES) and not user.is_verified():
            if user_has_device(user):
                return redirect(reverse("web:login_totp") + "?next=" + request.path)
            if settings.ENLACE_ENFORCE_TOTP and user.sees_victims:
                return redirect("web:totp_setup")
        return self.get_response(request)
