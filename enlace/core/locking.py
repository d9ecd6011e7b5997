"""Optimistic locking: a write names the version it was based on.

Why: two investigators editing the same person at a border post and in the office must
not silently overwrite each other. The update is a single conditional UPDATE
(``WHERE id = … AND version = …``), so it is race-free on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from .errors import Conflict


def update_versioned(instance: models.Model, *, expected_version: int, changes: dict[str, Any]) -> models.Model:
    model = type(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    # Route values through the fields so encrypted columns are sealed as on save().
    values = {name: getattr(instance, name) for name in changes}
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if updated != 1:
        current = model.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise Conflict(current_version=current)
    instance.version = expected_version + 1  # type: ignore[attr-defined]
    return instance


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
