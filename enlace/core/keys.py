"""Key rotation, binding old values to their rows, and checking every stored value.

Why one transaction per batch, selected by what is still to do: a rotation or a rebind
interrupted half-way leaves rows under the old key or the old format, which stay readable;
running the command again picks up only those rows (a batch is the next rows by primary key
whose values are not yet what they should be), so it is resumable and idempotent.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Model, Q

from . import crypto
from .fields import EncryptedTextField, Unopened, seal_for


def encrypted_fields() -> Iterator[tuple[type[Model], list[EncryptedTextField]]]:
    for model in apps.get_models():
        fields = fields_of(model)
        if fields:
            yield model, fields


def fields_of(model: type[Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _unbound(fields: list[EncryptedTextField]) -> Q:
    return reduce(or_, (Q(**{f"{f.attname}__startswith": crypto.PREFIX + ":"}) for f in fields))


def _not_under(fields: list[EncryptedTextField], key_id: str) -> Q:
    """Values not yet bound under ``key_id`` (empty values need nothing)."""
    prefix = f"{crypto.BOUND_PREFIX}:{key_id}:"
    return reduce(or_, (~Q(**{f"{f.attname}__startswith": prefix}) & ~Q(**{f.attname: ""})
                        for f in fields))


def reseal(model: type[Model], *, stale: Q, batch: int = 500) -> int:
    """Seal again, bound to their row under the primary key, the values of rows matching ``stale``.

    Works on the current models and on a migration's historical ones (both use the field
    class, so reading opens against ``public_id`` and ``seal_for`` binds to it).
    """
    fields = fields_of(model)
    names = [f.attname for f in fields]
    manager = model._base_manager
    last: Any = None
    done = 0
    while True:
        with transaction.atomic(using=manager.db):
            qs = manager.filter(stale).order_by("pk").only("pk", "public_id", *names)
            rows = list((qs.filter(pk__gt=last) if last is not None else qs)[:batch])
            for obj in rows:
                manager.filter(pk=obj.pk).update(**{n: seal_for(obj, n, getattr(obj, n)) for n in names})
        if not rows:
            return done
        done += len(rows)
        last = rows[-1].pk


def reencrypt_all(*, batch: int = 500) -> dict[str, int]:
    """Re-seal every value not yet under the primary key (bound to its row). Counts per model."""
    primary = crypto.keyring().primary
    return {model._meta.label: reseal(model, stale=_not_under(fields, primary), batch=batch)
            for model, fields in encrypted_fields()}


def rebind_all(*, batch: int = 500) -> dict[str, int]:
    """Bind to their row the values written before rows were bound (``enc1``). Counts per model."""
    return {model._meta.label: reseal(model, stale=_unbound(fields), batch=batch)
            for model, fields in encrypted_fields()}


def rebind_migration(*labels: str) -> Callable[[Any, Any], None]:
    """A data-migration step binding ``app.Model`` values to their rows.

    Without the field keys (a migration run where the keys are not available) nothing can be
    re-sealed: the step says how many values wait and leaves them readable as they are, for
    ``enlace keys rebind`` (or ``enlace keys rotate``) to finish. An empty database needs no keys.
    """

    def forward(apps_: Any, schema_editor: Any) -> None:
        waiting: dict[str, int] = {}
        for label in labels:
            model = apps_.get_model(label)
            stale = _unbound(fields_of(model))
            if not model._base_manager.filter(stale).exists():
                continue
            try:
                crypto.keyring()
            except ImproperlyConfigured:
                waiting[label] = model._base_manager.filter(stale).count()
                continue
            reseal(model, stale=stale)
        if waiting:
            sys.stdout.write(f"\n  No field keys: {sum(waiting.values())} rows ({', '.join(sorted(waiting))}) "
                             "stay bound to their column only; run 'enlace keys rebind' with the keys.\n")

    return forward


def rotate(*, retire_old: bool = False) -> tuple[str, dict[str, int]]:
    data = crypto.read_key_material()
    new_id = f"k{len(data['keys']) + 1}"
    while new_id in data["keys"]:
        new_id += "x"
    data["keys"][new_id] = crypto.generate_key()
    data["primary"] = new_id
    crypto.write_key_file(data)
    crypto.reset_keyring_cache()
    counts = reencrypt_all()
    if retire_old:
        data["keys"] = {new_id: data["keys"][new_id]}
        crypto.write_key_file(data)
        crypto.reset_keyring_cache()
    return new_id, counts


def raw_key_ids() -> dict[str, int]:
    """How many stored values are under each key id (for the rotation report and tests)."""
    seen: dict[str, int] = {}
    for value in _raw_values():
        kid = crypto.key_id_of(value)
        if kid:
            seen[kid] = seen.get(kid, 0) + 1
    return seen


def raw_formats() -> dict[str, int]:
    """How many stored values are bound to their row (``enc2``) and how many only to their column."""
    seen = {"bound": 0, "unbound": 0}
    for value in _raw_values():
        if crypto.key_id_of(value):
            seen["bound" if crypto.is_bound(value) else "unbound"] += 1
    return seen


def _raw_values() -> Iterator[str]:
    with connection.cursor() as cur:
        for model, fields in encrypted_fields():
            for f in fields:
                cur.execute(f'SELECT "{f.column}" FROM "{model._meta.db_table}"')  # noqa: S608 (names from models)
                for (value,) in cur.fetchall():
                    if value:
                        yield value


@dataclass
class VerifyReport:
    """What ``verify_all`` found: counts, and the rows whose values do not open (by public id)."""

    opened: int = 0
    unbound: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (model.field, public id, reason)


def verify_all(*, chunk: int = 2000) -> VerifyReport:
    """Open every stored value against its row, as a read would; nothing is written.

    Why: a value moved to another row fails only when someone opens that record; this walks
    them all, so an installation finds a tampered row the night it changed.
    """
    report = VerifyReport()
    for model, fields in encrypted_fields():
        names = ["public_id", *(f.attname for f in fields)]
        for row in model._base_manager.values_list(*names).order_by("pk").iterator(chunk_size=chunk):
            for f, value in zip(fields, row[1:], strict=True):
                if not isinstance(value, Unopened):
                    continue
                try:
                    value.open(row[0])
                except crypto.DecryptionError as exc:
                    report.failed.append((f"{model._meta.label}.{f.name}", str(row[0]), str(exc)))
                    continue
                report.opened += 1
                report.unbound += 0 if crypto.is_bound(value.token) else 1
    return report
