"""Bad input answered with a clear 4xx before it reaches a view (never a 500).

Why a middleware: the two cases are the same for every route. A body larger than
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (file uploads excepted: Django streams them) is refused with
413 before anything reads it; a NUL character in the query string (a search, a filter) or in
a submitted form field, which PostgreSQL cannot store or compare, is refused with 400 and says
so (forms' choice fields would otherwise send it to the database). JSON bodies are checked by
the API's input schemas instead (422 naming the field). An integer beyond the database's
range that still reaches a query (SQLite raises ``OverflowError``) is answered as what it
is, an object that does not exist: 404. A stored value that fails its integrity check (an
encrypted value moved to another row or altered: ``DecryptionError``) is answered 409 with a
page that says so, and logged with the field and the reason only, never a value. API paths get
the API's JSON error body.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .bounds import NUL
from .crypto import DecryptionError

security_log = logging.getLogger("enlace.security")

API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _answer(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": message, "errors": {}}, status=status)
    template = {404: "errors/404.html", 409: "errors/unreadable.html"}.get(status, "errors/400.html")
    return render(request, template, {"status": status, "message": message}, status=status)


def unreadable(request: HttpRequest, exc: DecryptionError) -> str:
    """Log an unreadable stored value (what failed, not what it holds); the message for the user."""
    security_log.error("unreadable encrypted value on %s %s: %s", request.method, request.path, exc)
    return str(_("A stored value of this record failed its integrity check, so it is not shown. "
                 "The failure has been logged."))


def too_big(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False


def too_big_message() -> str:
    return _("The request is too large.")


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if too_big(request):
            return _answer(request, 413, too_big_message())
        try:
            nul = NUL.encode() in unquote_to_bytes(request.META.get("QUERY_STRING", "")) or NUL in request.path \
                or self._nul_in_form(request)
        except RequestDataTooBig:  # a multipart form whose fields (files aside) exceed the limit
            return _answer(request, 413, too_big_message())
        if nul:
            return _answer(request, 400, _("Null characters are not allowed."))
        return self.get_response(request)

    @staticmethod
    def _nul_in_form(request: HttpRequest) -> bool:
        """A NUL in a submitted form field (any field: choice fields query the database with it)."""
        if request.method != "POST" or request.content_type not in FORM_TYPES:
            return False
        return any(NUL in key or any(NUL in v for v in values) for key, values in request.POST.lists())

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            return _answer(request, 404, str(_("Not found.")))
        if isinstance(exception, DecryptionError):
            return _answer(request, 409, unreadable(request, exception))
        return None
