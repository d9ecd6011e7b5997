"""The audit key: the HMAC key that seals audit entries and anchor lines, kept out of the database.

Why outside the database: whoever can write the audit tables (the database owner, a stolen
backup restored elsewhere) must not be able to recompute the seals. Sources, first found wins:
the ``ENLACE_AUDIT_KEYS`` setting (tests), the ``ENLACE_AUDIT_KEY`` environment variable (JSON,
production: from the secret store), or the key file ``ENLACE_AUDIT_KEY_FILE`` (default
``var/audit-key.json``, mode 0600; development creates it on first use, like the field keys).

Format: ``{"keys": {"a1": "<base64 32 bytes>", ...}, "primary": "a1"}``. Rotation adds a key and
makes it primary: entries from then on are sealed with it (each entry names its key id), older
keys stay in the ring to verify older entries and must never be dropped.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from enlace.core.crypto import DEV_ORIGIN

KEY_BYTES = 32


@dataclass(frozen=True)
class AuditKeyring:
    keys: dict[str, bytes]
    primary: str

    @property
    def primary_key(self) -> bytes:
        return self.keys[self.primary]


def key_file() -> Path:
    return Path(getattr(settings, "ENLACE_AUDIT_KEY_FILE", "var/audit-key.json"))


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def read_material() -> dict:
    if getattr(settings, "ENLACE_AUDIT_KEYS", None):
        return {"keys": dict(settings.ENLACE_AUDIT_KEYS), "primary": settings.ENLACE_AUDIT_PRIMARY_KEY_ID}
    env = os.environ.get("ENLACE_AUDIT_KEY")
    if env:
        return json.loads(env)
    path = key_file()
    if path.exists():
        return json.loads(path.read_text())
    if getattr(settings, "ENLACE_CREATE_KEY_FILE", False):
        data = {"keys": {"a1": _new_key()}, "primary": "a1", "origin": DEV_ORIGIN}
        write_key_file(data)
        return data
    raise ImproperlyConfigured("No audit key: set ENLACE_AUDIT_KEY (JSON) or provide the audit key file.")


def write_key_file(data: dict) -> None:
    path = key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, path)


def _decode(value: str) -> bytes:
    raw = base64.b64decode(value)
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured("Audit keys must be 32 bytes (base64-encoded).")
    return raw


@lru_cache(maxsize=1)
def audit_keyring() -> AuditKeyring:
    data = read_material()
    keys = {kid: _decode(v) for kid, v in data["keys"].items()}
    if data.get("primary") not in keys:
        raise ImproperlyConfigured("The primary audit key id is not in the audit keyring.")
    return AuditKeyring(keys=keys, primary=data["primary"])


def reset_cache() -> None:
    audit_keyring.cache_clear()


def rotate_key_file() -> str:
    """Add a new primary audit key to the key file; old keys stay to verify older entries."""
    if getattr(settings, "ENLACE_AUDIT_KEYS", None) or os.environ.get("ENLACE_AUDIT_KEY"):
        raise ImproperlyConfigured("The audit key comes from settings or ENLACE_AUDIT_KEY: add the new key "
                                   "there (keep the old ones) and make it primary.")
    data = read_material()
    n = len(data["keys"]) + 1
    while f"a{n}" in data["keys"]:
        n += 1
    new_id = f"a{n}"
    data["keys"][new_id] = _new_key()
    data["primary"] = new_id
    write_key_file(data)
    reset_cache()
    return new_id
