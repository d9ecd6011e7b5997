"""One creation per create form, however often it is sent: Back and resubmit, a double tap, a retry.

The view answers a successful POST with a redirect (POST-redirect-GET) and remembers, in the user's
session, where that redirect led, under two keys:

- the form's token (``FIELD``), new each time the empty form is drawn and kept when the form comes
  back with errors: the same page sent twice (a double tap, a retry);
- a keyed digest of what was sent to that address: the browser's Back button fetches the form
  page again (with a new token) and refills the fields the user typed, so the repeat carries the
  same content under another token. An identical submission within ``WINDOW`` counts as the same.

Either key already known creates nothing: the user is taken to the first submission's result. The
keys are claimed, and the session saved, before the service runs, so a second request arriving
during the first one finds them claimed too; a refused submission releases them.

Why the session: a repeat only means something for the person who sent the form, and a session is
theirs; it needs no table and ends with the session. The digest is an HMAC under the project's
secret key, never the content. Only the last ``KEEP`` keys are kept.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

FIELD = "form_token"
KEEP = 60
WINDOW = 15 * 60  # seconds during which an identical submission counts as a repeat
PENDING = ""
_SESSION_KEY = "enlace_form_tokens"
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_IGNORED = {"csrfmiddlewaretoken", FIELD}


def token_for(request: HttpRequest) -> str:
    """The token to put in the form: the one sent when the form comes back with errors (it created
    nothing), else a new one (a first drawing, or the next form after a successful one)."""
    sent = request.POST.get(FIELD, "") if request.method == "POST" else ""
    if _SHAPE.match(sent) and f"t:{sent}" not in _store(request):
        return sent
    return secrets.token_urlsafe(18)


def _keys(request: HttpRequest) -> list[str]:
    items = sorted((k, v) for k in request.POST if k not in _IGNORED for v in request.POST.getlist(k))
    digest = salted_hmac("enlace.idempotency", repr((request.path, items))).hexdigest()
    token = request.POST.get(FIELD, "")
    return ([f"t:{token}"] if _SHAPE.match(token) else []) + [f"d:{digest}"]


def _store(request: HttpRequest) -> dict[str, list]:
    return dict(request.session.get(_SESSION_KEY, {}))


def first_result(request: HttpRequest) -> str | None:
    """Where an earlier submission of this form led (``PENDING`` while it runs), or ``None`` when this
    is the first; a first submission claims its keys here."""
    store, now = _store(request), time.time()
    for key in _keys(request):
        if key in store and (key.startswith("t:") or now - store[key][1] < WINDOW):
            return str(store[key][0])
    for key in _keys(request):
        store[key] = [PENDING, now]
    _save(request, store)
    return None


def remember(request: HttpRequest, url: str) -> None:
    """Record where the submission led (call just before redirecting there)."""
    store, now = _store(request), time.time()
    for key in _keys(request):
        store[key] = [url, now]
    _save(request, store)


def release(request: HttpRequest) -> None:
    """The submission created nothing (refused input): the same form may be sent again once corrected."""
    store = _store(request)
    for key in _keys(request):
        store.pop(key, None)
    _save(request, store)


def _save(request: HttpRequest, store: dict[str, list]) -> None:
    request.session[_SESSION_KEY] = dict(list(store.items())[-KEEP:])
    request.session.save()


def offer_form_token(request: Any) -> None:
    """Give the page's create form its token (``form_token`` in the context), for a page drawn by a
    view other than the one the form posts to; a token already chosen for this request is kept."""
    request.enlace_form_token = getattr(request, "enlace_form_token", "") or token_for(request)


def one_submission(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same for a whole create view whose form page answers success with a redirect and
    refused input with the form again: a repeat leads to the first submission's result, creating
    nothing. The page's form carries the token (``form_token`` in the template context, from
    ``web.context``; ``includes/form_token.html``). Place it under the access decorators."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        request.enlace_form_token = token_for(request)
        if request.method != "POST":
            return view(request, *args, **kwargs)
        if (earlier := first_result(request)) is not None:
            messages.info(request, _("This form was already sent: it was saved once."))
            return redirect(earlier or request.path)
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            release(request)
            raise
        if response.status_code in (301, 302, 303) and response.has_header("Location"):
            remember(request, response["Location"])
        else:
            release(request)
        return response

    return wrapped
