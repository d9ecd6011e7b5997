"""Who is calling the API: a personal Bearer token, or the browser session (with CSRF).

Why two ways: integrations (scripts, other systems) use personal tokens; the browser uses
the session it already has, so the interactive docs and small front-end helpers work
without a token. The session path keeps the second-factor rule: a session that has not
passed TOTP (when the user has a device, or when the role must have one) is refused here,
because the second-factor middleware leaves ``/api/`` alone. Tokens are the integration
path and are not subject to TOTP (they are created by a signed-in, verified user).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from enlace.accounts.middleware import second_factor_required, user_has_device
from enlace.accounts.models import TokenScope
from enlace.accounts.services import token_lookup


def second_factor_passed(user) -> bool:
    """Same rule as ``SecondFactorRequiredMiddleware``, for sessions that reach the API."""
    verified = getattr(user, "is_verified", None)
    if callable(verified) and verified():
        return True
    if user_has_device(user):
        return False
    return not second_factor_required(user)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer enl_<prefix>_<secret>``.

    A Bearer header that does not authenticate is a hard 401 (no fall-back to the
    session): a client that sends a revoked or mistyped token must learn it.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        tok = token_lookup(token.strip()) if token else None
        if tok is None:
            raise AuthenticationError(401, _("The token is not valid, has expired or has been revoked."))
        if tok.scope == TokenScope.READ and request.method not in SAFE_METHODS:
            raise HttpError(403, _("This token is read-only: it cannot change anything."))
        user = tok.user
        request.user = user  # so code that reads request.user sees the same actor
        request.enlace_auth_method = "token"  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods need the CSRF token (``X-CSRFToken`` header)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Check CSRF only for a signed-in session: an anonymous POST is a 401, not a 403.
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header with the session cookie."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if not second_factor_passed(user):
            raise AuthenticationError(401, _(
                "Complete the two-factor sign-in in the browser first, or use a personal API token."))
        request.enlace_auth_method = "session"  # type: ignore[attr-defined]
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
API_AUTH = [token_auth, session_auth]  # token first: a token client never meets the CSRF check


def unauthorized_response(message: str) -> JsonResponse:
    resp = JsonResponse({"message": message, "errors": {}}, status=401)
    resp["WWW-Authenticate"] = 'Bearer realm="enlace"'
    return resp


def docs_access(view):
    """The OpenAPI schema and the docs page need the same authentication as the API.

    Why: the schema is not secret, but an air-gapped deployment exposes nothing to
    anonymous visitors beyond the sign-in page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        for auth in API_AUTH:
            try:
                user = auth(request)
            except HttpError as exc:
                if exc.status_code == 401:
                    return unauthorized_response(str(exc.message))
                return JsonResponse({"message": str(exc.message), "errors": {}}, status=exc.status_code)
            if user:
                return view(request, *args, **kwargs)
        return unauthorized_response(_("Authentication required: send a personal API token or sign in."))

    return wrapper
