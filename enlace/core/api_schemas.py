"""Schemas shared by every router: error bodies, references to accounts objects, input base.

Every schema lists its fields: no ``ModelSchema`` with ``fields="__all__"``, so a new model
column never leaks into the API by accident.

They sit in core so that each app's router (``<app>/api.py``) uses them without importing the
``api`` surface, which sits at the top and imports the routers.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import ConfigDict

from .actors import Actor


class AuthedRequest(HttpRequest):
    """What operations receive: ``auth`` is the acting user (token or session, see ``auth.py``).

    The routers annotate with ``accounts.requests.ApiRequest``, where ``auth`` is the user model.
    """

    auth: Actor


class Named(Protocol):
    """An institution, unit or team, as a reference in an answer."""

    @property
    def pk(self) -> Any: ...

    code: str
    name: str


class ErrorOut(Schema):
    message: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Field name -> messages.")


class ConflictOut(ErrorOut):
    current_version: int | None = Field(None, description="The version now stored; reload and retry.")


class InternalErrorOut(Schema):
    message: str


class StrictIn(Schema):
    """Input base: unknown fields are an error (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid")


def omittable(**constraints: Any) -> Any:
    """Default of a PATCH field that may be left out but not sent as ``null``.

    Pydantic does not validate defaults, so "absent" is allowed while an explicit null fails
    the field's type (a 422), and the OpenAPI type stays exact (not nullable).
    """
    return Field(None, **constraints)


class InstitutionRef(Schema):
    id: int
    code: str
    name: str


class UnitRef(Schema):
    id: int
    code: str
    name: str


class TeamRef(Schema):
    id: int
    code: str
    name: str


class PageIn(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=100)


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """The documented error answers of an operation (401 and 500 apply to all of them)."""
    schemas: dict[int, type[Schema]] = {401: ErrorOut, 500: InternalErrorOut}
    for code in codes:
        schemas[code] = ConflictOut if code == 409 else ErrorOut
    return schemas


def ref(obj: Named | None) -> dict[str, Any] | None:
    return {"id": obj.pk, "code": obj.code, "name": obj.name} if obj is not None else None
