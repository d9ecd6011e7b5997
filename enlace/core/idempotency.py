"""One creation per create form, however often it is sent: Back and resubmit, a double tap, a retry.

Every create form carries a token (``FIELD``), new each time the empty form is drawn and kept when
the form comes back with errors. The view answers a successful POST with a redirect (POST-redirect-
GET) and remembers, in the user's session, where that redirect led. The same token sent again (the
browser's Back button brings the filled form back, with its token) creates nothing: the user is
taken to the first submission's result. The token is claimed, and the session saved, before the
service runs, so a second request arriving during the first one finds it claimed too.

Why the session: the token is only meaningful to the person who was shown the form, and a session
is theirs; it needs no table and is gone with the session. Only the last ``KEEP`` tokens are kept.
"""

from __future__ import annotations

import re
import secrets

from django.http import HttpRequest

FIELD = "form_token"
KEEP = 50
_SESSION_KEY = "enlace_form_tokens"
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PENDING = ""


def token_for(request: HttpRequest) -> str:
    """The token to put in the form: the one sent when the form comes back with errors (it created
    nothing), else a new one (a first drawing, or the next form after a successful one)."""
    sent = request.POST.get(FIELD, "") if request.method == "POST" else ""
    if _SHAPE.match(sent) and sent not in _store(request):
        return sent
    return secrets.token_urlsafe(18)


def _store(request: HttpRequest) -> dict[str, str]:
    return dict(request.session.get(_SESSION_KEY, {}))


def first_result(request: HttpRequest) -> str | None:
    """Where an earlier submission of this form led (``PENDING`` while it runs), or ``None`` when this is the first.

    A first submission claims the token here.
    """
    token = request.POST.get(FIELD, "")
    if not _SHAPE.match(token):
        return None  # a form without a token (an old page, a script): handled as before
    store = _store(request)
    if token in store:
        return store[token]
    store[token] = PENDING
    _save(request, store)
    return None


def remember(request: HttpRequest, url: str) -> None:
    """Record where the submission led (call just before redirecting there)."""
    token = request.POST.get(FIELD, "")
    if _SHAPE.match(token):
        store = _store(request)
        store[token] = url
        _save(request, store)


def release(request: HttpRequest) -> None:
    """The submission created nothing (refused input): the same form may be sent again once corrected."""
    token = request.POST.get(FIELD, "")
    store = _store(request)
    if token in store:
        del store[token]
        _save(request, store)


def _save(request: HttpRequest, store: dict[str, str]) -> None:
    request.session[_SESSION_KEY] = dict(list(store.items())[-KEEP:])
    request.session.save()
