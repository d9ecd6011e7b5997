"""Every API error is JSON ``{"message": ..., "errors": {field: [messages]}}``, never a traceback.

Mapping: schema errors 422, service ``ValidationError`` 400, 401, ``Forbidden`` 403,
``NotFound`` and ``Http404`` 404 (one body for "missing" and "not yours": need-to-know),
``Conflict`` 409 with ``current_version``, a stored value that fails its integrity check 409,
anything else 500 ``{"message": "Internal error"}``.
Messages are translated (LocaleMiddleware picks the language from the session cookie or
``Accept-Language``). Pydantic's messages are English only, so the common error types
are re-worded with Django's own form messages, which already have translations.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from enlace.core.crypto import DecryptionError
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.core.middleware import too_big_message, unreadable

logger = logging.getLogger("enlace.api")

# Where ninja puts a parameter (its first ``loc`` element); the name after it is ours.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def error_body(message: Any, errors: dict[str, list[str]] | None = None, **extra: Any) -> dict[str, Any]:
    return {"message": str(message), "errors": errors or {}, **extra}


def _schema_message(err: dict[str, Any]) -> str:
    """A translated message for the pydantic error types clients meet most."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"}:
        return _("Enter a valid date.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter a valid value.")
    if kind in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        return _("Enter a valid value.")
    if kind == "string_too_long":
        return _("Ensure this value has at most %(limit_value)d characters.") % {"limit_value": ctx.get("max_length", 0)}
    if kind == "string_too_short":
        return _("Ensure this value has at least %(limit_value)d characters.") % {"limit_value": ctx.get("min_length", 0)}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))}
    if kind in {"literal_error", "enum"}:
        return _("Select a valid choice. That choice is not one of the available choices.")
    if kind == "extra_forbidden":
        return _("This field is not accepted here.")
    if kind == "null_character":
        return _("Null characters are not allowed.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return str(err.get("msg") or _("Enter a valid value."))


def _field_key(loc: list[Any] | tuple[Any, ...]) -> str:
    """``("body", "payload", "person", "documents", 0, "number")`` -> ``person.documents.0.number``."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        if parts.pop(0) == "body" and parts:
            parts.pop(0)  # the view's parameter name (``payload``): not part of the document
    return ".".join(str(p) for p in parts) or NON_FIELD_ERRORS


def schema_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for err in errors:
        key = _field_key(err.get("loc", ()))
        out.setdefault(key, []).append(_schema_message(err))
    return out


def validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def _stack_summary(exc: BaseException) -> str:
    # File, line and function only: the exception's text and local variables can carry
    # the data a client sent (a name, a document number) and never reach the log.
    frames = traceback.extract_tb(exc.__traceback__)
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-12:]))


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(SchemaValidationError)
    def on_schema_error(request, exc: SchemaValidationError):
        return respond(request, 422, error_body(_("The request is not valid."), schema_errors(exc.errors)))

    @api.exception_handler(DjangoValidationError)
    def on_validation_error(request, exc: DjangoValidationError):
        return respond(request, 400, error_body(_("The data could not be saved."), validation_errors(exc)))

    @api.exception_handler(NotFound)
    def on_not_found(request, exc: NotFound):
        return respond(request, 404, error_body(NotFound.message))

    @api.exception_handler(Http404)
    def on_http404(request, exc: Http404):
        return respond(request, 404, error_body(NotFound.message))

    @api.exception_handler(Forbidden)
    def on_forbidden(request, exc: Forbidden):
        return respond(request, 403, error_body(exc.message))

    @api.exception_handler(Conflict)
    def on_conflict(request, exc: Conflict):
        return respond(request, 409, error_body(exc.message, current_version=exc.current_version))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        message: Any = exc.message
        if isinstance(exc, AuthenticationError) and message == "Unauthorized":
            message = _("Authentication required: send a personal API token or sign in.")
        elif exc.status_code == 400 and str(message).startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON.")
        elif exc.status_code == 429:
            message = _("Too many requests. Try again later.")
        response = respond(request, exc.status_code, error_body(message))
        if exc.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="enlace"'
        return response

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc: RequestDataTooBig):
        return respond(request, 413, error_body(too_big_message()))

    @api.exception_handler(OverflowError)
    def on_overflow(request, exc: OverflowError):  # an integer beyond the database's range: no such object
        return respond(request, 404, error_body(NotFound.message))

    @api.exception_handler(DecryptionError)
    def on_unreadable(request, exc: DecryptionError):  # a stored value moved to another row or altered
        return respond(request, 409, error_body(unreadable(request, exc)))

    @api.exception_handler(Exception)
    def on_unexpected(request, exc: Exception):
        logger.error("API error %s on %s %s: %s", type(exc).__name__, request.method, request.path,
                     _stack_summary(exc))
        return respond(request, 500, {"message": _("Internal error")})
