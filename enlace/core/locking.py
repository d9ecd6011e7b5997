"""Optimistic locking: a write names the version it was based on.

Why: two investigators editing the same person at a border post and in the office must
not silently overwrite each other. The update is a single conditional UPDATE
(``WHERE id = … AND version = …``), so it is race-free on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.db.models import F

from .errors import Conflict
from .fields import EncryptedTextField, seal_for

_Versioned = TypeVar("_Versioned", bound="VersionedModel")


def update_versioned(instance: _Versioned, *, expected_version: int, changes: Mapping[str, Any]) -> _Versioned:
    """``changes`` maps field names to values of mixed types, hence ``Any``: the callers are typed
    (update inputs, literal dicts) and the ORM checks the names."""
    model = type(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    # update() has no instance: encrypted values are sealed here for this row, as save() would.
    values = {name: seal_for(instance, name, getattr(instance, name))
              if isinstance(model._meta.get_field(name), EncryptedTextField) else getattr(instance, name)
              for name in changes}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if updated != 1:
        current = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise Conflict(current_version=current)
    instance.version = expected_version + 1
    return instance


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
