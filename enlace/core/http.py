"""Glue between services/selectors and views: domain errors become HTTP answers.

NotFound -> 404 (same page for missing and not-yours), Forbidden -> 403.
Validation errors and conflicts are shown on the form by the view (``form_errors_from``).

It sits in core, below every app, so each app's views use it without importing the web
surface (which sits at the top and imports the apps).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, QueryDict

from enlace.core.errors import Conflict, Forbidden, NotFound

_P = ParamSpec("_P")
_R = TypeVar("_R")


def domain_errors(view: Callable[_P, _R]) -> Callable[_P, _R]:
    @wraps(view)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return view(*args, **kwargs)
        except NotFound:
            raise Http404 from None
        except Forbidden:
            raise PermissionDenied from None

    return wrapper


def form_errors_from(form: BaseForm, exc: ValidationError | Conflict) -> None:
    """Put a service's ValidationError (or a Conflict) on a bound form, per field where possible."""
    if isinstance(exc, Conflict):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for e in exc.messages:
            form.add_error(None, e)


def session_reveals(request: HttpRequest) -> dict[str, float]:
    """Person ids whose identity this session revealed, with expiry timestamps."""
    return request.session.get("reveals", {})


def initial_from(form: BaseForm, data: QueryDict) -> dict[str, Any]:
    """A form's submitted values as initial values (re-render without showing errors)."""
    out: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        out[name] = data.getlist(key) if getattr(field.widget, "allow_multiple_selected", False) else data.get(key)
    return out
