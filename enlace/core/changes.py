"""Typed partial updates: what an update service may change, as a frozen dataclass.

Why: an update names only the fields it changes, and a field left out must stay as it is, so
every field of a ``Changes`` subclass defaults to ``UNSET`` ("not given"), which is distinct
from ``None`` and ``""`` (real values a field can be set to). The dataclass lists the fields a
service accepts, so a caller that names another one fails to type-check, and ``from_mapping``
(for values that arrive as a dict: form data, API payloads) refuses it with a field error.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Final, Self

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class Unset(enum.Enum):
    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

CANNOT_CHANGE = _("This field cannot be changed here.")


@dataclass(frozen=True, kw_only=True)
class Changes:
    """Base of the update inputs; subclasses are ``@dataclass(frozen=True, kw_only=True)`` too."""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Self:
        """The changes named in ``values``; a name that is not a field is a ``ValidationError`` on it."""
        unknown = sorted(set(values) - set(cls.field_names()))
        if unknown:
            raise ValidationError({name: CANNOT_CHANGE for name in unknown})
        return cls(**values)

    def given(self) -> dict[str, Any]:
        """The fields that were given, by name (values of mixed types, hence ``Any``)."""
        return {name: value for name in self.field_names() if (value := getattr(self, name)) is not UNSET}
