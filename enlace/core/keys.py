"""Key rotation: add a new primary key and re-encrypt every encrypted column under it.

Why one transaction per model batch and idempotent: a rotation interrupted half-way leaves
rows under the old key, which stays in the keyring, so nothing becomes unreadable; running
the command again finishes the job.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.db import transaction
from django.db.models import Model

from . import crypto
from .fields import EncryptedTextField


def encrypted_fields() -> Iterator[tuple[type[Model], list[EncryptedTextField]]]:
    for model in apps.get_models():
        fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


def reencrypt_all(*, batch: int = 500) -> dict[str, int]:
    """Re-save every row whose ciphertext is not under the primary key. Returns counts per model."""
    counts: dict[str, int] = {}
    for model, fields in encrypted_fields():
        names = [f.attname for f in fields]
        n = 0
        pks = list(model._base_manager.values_list("pk", flat=True).order_by("pk"))
        for i in range(0, len(pks), batch):
            with transaction.atomic():
                for obj in model._base_manager.filter(pk__in=pks[i:i + batch]).only("pk", *names):
                    # Values were decrypted on load; saving re-encrypts them under the primary key.
                    model._base_manager.filter(pk=obj.pk).update(**{name: getattr(obj, name) for name in names})
                    n += 1
        counts[model._meta.label] = n
    return counts


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
    from django.db import connection

    seen: dict[str, int] = {}
    with connection.cursor() as cur:
        for model, fields in encrypted_fields():
            for f in fields:
                cur.execute(f'SELECT "{f.column}" FROM "{model._meta.db_table}"')  # noqa: S608 (names from models)
                for (value,) in cur.fetchall():
                    kid = crypto.key_id_of(value or "")
                    if kid:
                        seen[kid] = seen.get(kid, 0) + 1
    return seen
