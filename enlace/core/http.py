"""Glue between services/selectors and views: domain errors become HTTP answers.

NotFound -> 404 (same page for missing and not-yours), Forbidden -> 403.
Validation errors and conflicts are shown on the form by the view (``form_errors_from``).

It sits in core, below every app, so each app's views use it without importing the web
surface (which sits at the top and imports the apps).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from enlace.core.errors import Conflict, Forbidden, NotFound


def domain_errors(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except Forbidden:
            raise PermissionDenied from None

    return wrapper


def form_errors_from(form, exc: ValidationError | Conflict) -> None:
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


def session_reveals(request) -> dict:
    """Person ids whose identity this session revealed, with expiry timestamps."""
    return request.session.get("reveals", {})


def initial_from(form, data) -> dict:
    """A form's submitted values as initial values (re-render without showing errors)."""
    out = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        out[name] = data.getlist(key) if getattr(field.widget, "allow_multiple_selected", False) else data.get(key)
    return out
