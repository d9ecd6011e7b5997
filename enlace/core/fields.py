"""Model field that stores text encrypted at rest (see ``enlace.core.crypto``)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from . import crypto


class EncryptedTextField(models.TextField):
    """Text sealed with AES-GCM; the column holds only ``enc1:<key id>:<base64>``.

    Empty strings stay empty (nothing to hide, and forms treat blank as "not given").
    Values cannot be filtered on: use a blind-index column next to the field.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def _context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(str(value), context=self._context())

    def from_db_value(self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper) -> str | None:
        if value in (None, ""):
            return value
        return crypto.decrypt(value, context=self._context())
