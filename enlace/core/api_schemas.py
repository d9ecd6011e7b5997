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
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from enlace.core.bounds import MAX_DB_INT, MAX_PAGE, MIN_DB_INT, has_nul

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


def db_int(**constraints: Any) -> Any:
    """An integer field the database can hold (beyond 64 bits SQLite raises instead of answering)."""
    return Field(constraints.pop("default", None), ge=constraints.pop("ge", MIN_DB_INT),
                 le=constraints.pop("le", MAX_DB_INT), **constraints)


class NoNulIn(Schema):
    """Input base for every schema: no NUL character in any text (PostgreSQL cannot store one)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise PydanticCustomError("null_character", "Null characters are not allowed.")
        return value


class StrictIn(NoNulIn):
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
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=100)


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """The documented error answers of an operation.

    Some apply to all of them: 400 (a NUL character in the query string), 401, 413 (a body over
    the limit), 422 (a parameter or body field the schema refuses) and 500.
    """
    schemas: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 413: ErrorOut, 422: ErrorOut,
                                        500: InternalErrorOut}
    for code in codes:
        schemas[code] = ConflictOut if code == 409 else ErrorOut
    return schemas


def ref(obj: Named | None) -> dict[str, Any] | None:
    return {"id": obj.pk, "code": obj.code, "name": obj.name} if obj is not None else None
