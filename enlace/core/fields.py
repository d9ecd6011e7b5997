"""Model field that stores text encrypted at rest, bound to its row (see ``enlace.core.crypto``).

Why the row takes part: the associated data of each ciphertext is the table, the column and
the row's random ``public_id``, so whoever holds the database cannot move a value to another
row (two victims' names swapped, a note moved to another case) without the read failing.

Where the row is known:
- writing, ``pre_save`` has the instance: ``save()``, ``create()`` and ``bulk_create()`` seal
  there. ``QuerySet.update()`` and ``bulk_update()`` see no instance, so they accept only a
  value sealed for its row by ``seal_for(instance, field, value)``; a plain string is refused
  with ``UnboundWrite`` rather than sealed for no row;
- reading, ``from_db_value`` has no row either: it returns the stored value unopened
  (``Unopened``) and the field's descriptor opens it with the instance's ``public_id`` on first
  access. ``values()`` and ``values_list()`` of an encrypted field therefore give ``Unopened``
  objects, which refuse to become text; open one explicitly with its row:
  ``opened(row["notes"], row["public_id"])``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core import checks
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression
from django.db.models.query_utils import DeferredAttribute

from . import crypto


class UnboundWrite(TypeError):
    """An encrypted value written without its row (``update()`` with a plain string, a copied ciphertext)."""


class UnopenedValue(TypeError):
    """A stored ciphertext used as text before it was opened against its row (``values()``)."""


def row_key(public_id: Any) -> str:
    """The canonical text of a row identifier, as bound into the associated data."""
    return str(public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id)))


def row_of(instance: models.Model) -> str:
    """The instance's row key, kept on the instance while its ``public_id`` stays the same object."""
    public_id = getattr(instance, "public_id", None)
    if public_id is None:
        raise UnboundWrite(f"{instance._meta.label} has no public_id: encrypted values are bound to it")
    cached = instance.__dict__.get("_enlace_row_key")
    if cached is None or cached[0] is not public_id:
        cached = (public_id, row_key(public_id))
        instance.__dict__["_enlace_row_key"] = cached
    return cached[1]


class Unopened:
    """A ciphertext as stored, opened only with its row (``open``); never text by accident."""

    __slots__ = ("context", "token")

    def __init__(self, token: str, context: str) -> None:
        self.token = token
        self.context = context

    def open(self, public_id: Any) -> str:
        return self.open_row(row_key(public_id))

    def open_row(self, row: str) -> str:
        """Open with an already canonical row key (``row_of``)."""
        return crypto.decrypt(self.token, context=self.context, row=row)

    def _refuse(self, *args: Any) -> Any:
        raise UnopenedValue(f"an encrypted value of {self.context} was read without its row "
                            "(values()/values_list()): open it with .open(public_id) or load the instance")

    __str__ = __format__ = __len__ = __iter__ = _refuse

    def __repr__(self) -> str:
        return f"<Unopened {self.context}>"


def opened(value: Unopened | str | None, public_id: Any) -> str | None:
    """A ``values()`` column opened against its row's ``public_id`` (empty values pass through)."""
    return value.open(public_id) if isinstance(value, Unopened) else value


class BoundValue(str):
    """Plain text together with its ciphertext sealed for one row and column.

    It is a ``str`` (the plaintext) so that code reading the attribute after ``bulk_update``
    sees text; the field writes ``token``.
    """

    token: str
    context: str
    row: str

    def __new__(cls, plaintext: str, *, token: str, context: str, row: str) -> BoundValue:
        obj = super().__new__(cls, plaintext)
        obj.token, obj.context, obj.row = token, context, row
        return obj

    def __reduce__(self) -> Any:  # pickled and copied as its plain text, never as a ciphertext
        return (str, (str(self),))


def seal_for(instance: models.Model, field_name: str, value: Any) -> Any:
    """``value`` sealed for ``instance``'s row, for ``update()`` and ``bulk_update()``."""
    field = instance._meta.get_field(field_name)
    if not isinstance(field, EncryptedTextField):
        raise TypeError(f"{instance._meta.label}.{field_name} is not encrypted")
    if value in (None, ""):
        return value
    row, plaintext = row_of(instance), str(value)
    return BoundValue(plaintext, token=crypto.seal(plaintext, context=field.context, row=row),
                      context=field.context, row=row)


class EncryptedAttribute(DeferredAttribute):
    """Opens the stored value against the instance's ``public_id`` on first access.

    A data descriptor (it defines ``__set__``), so every read passes here and an unopened
    value never reaches the caller.
    """

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Unopened):
            try:
                value = value.open_row(row_of(instance))
            except crypto.DecryptionError as exc:
                raise crypto.DecryptionError(f"{instance._meta.label}.{self.field.name}: {exc}") from exc
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """Text sealed with AES-GCM; the column holds only ``enc2:<key id>:<base64>``.

    Empty strings stay empty (nothing to hide, and forms treat blank as "not given").
    Values cannot be filtered on: use a blind-index column next to the field.
    """

    descriptor_class = EncryptedAttribute

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    @property
    def context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        meta = self.model._meta
        if not meta.abstract and not any(f.name == "public_id" for f in meta.concrete_fields):
            errors.append(checks.Error(
                f"{meta.label} has an encrypted field but no public_id to bind it to its row.",
                hint="Inherit enlace.core.public_ids.PublicIdModel.", obj=self, id="enlace.E020"))
        return errors

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value in (None, ""):
            return value
        if isinstance(value, BoundValue) and value.context == self.context and value.row == row_of(model_instance):
            return value
        return seal_for(model_instance, self.name, value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Unopened):
            raise UnboundWrite(f"a stored ciphertext cannot be written to {self.context}: "
                               "it would not open in another row; seal the text with seal_for()")
        if isinstance(value, BoundValue):
            if value.context != self.context:
                raise UnboundWrite(f"a value sealed for {value.context} cannot be written to {self.context}")
            return value.token
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        raise UnboundWrite(
            f"{self.model._meta.label}.{self.name} is bound to its row: save the instance (save(), "
            f"bulk_create()) or pass seal_for(instance, {self.name!r}, value) to update() and bulk_update()")

    def from_db_value(self, value: str | None, expression: Expression,
                      connection: BaseDatabaseWrapper) -> str | Unopened | None:
        if value in (None, ""):
            return value
        return Unopened(value, self.context)
