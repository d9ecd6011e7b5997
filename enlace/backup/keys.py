"""The backup key: separate from the field-encryption keyring, and never inside a backup.

Why separate: whoever holds a backup file and the backup key can read the database copy, but
identifying fields stay sealed under the field keyring, which is kept elsewhere (offline, by
the operators). A keyring stored inside the backup would make field encryption pointless for
anyone who obtains the backup; a backup key equal to a field key would merge the two secrets.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from enlace.core import crypto

ENV = "ENLACE_BACKUP_KEY"


def key_file() -> Path:
    return Path(getattr(settings, "ENLACE_BACKUP_KEY_FILE", Path(settings.ENLACE_KEY_FILE).parent / "backup.key"))


def _decode(text: str, source: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(f"The backup key in {source} must be 32 bytes, base64-encoded.")
    return raw


def backup_key() -> bytes:
    """ENLACE_BACKUP_KEY (base64) wins over the key file; neither is an error, never a new key."""
    env = os.environ.get(ENV, "")
    if env:
        key = _decode(env, ENV)
    elif key_file().exists():
        key = _decode(key_file().read_text(encoding="ascii"), "the backup key file")
    else:
        raise ImproperlyConfigured(
            f"No backup key: set {ENV} (32 bytes, base64) or create the key file with "
            "'enlace backup --init-key', and keep a copy of it offline.")
    _refuse_field_key(key)
    return key


def _refuse_field_key(key: bytes) -> None:
    try:
        ring = crypto.keyring()
    except ImproperlyConfigured:  # no keyring here (restoring onto a new machine): nothing to compare
        return
    if key == ring.blind_index_key or key in ring.keys.values():
        raise ImproperlyConfigured("The backup key must not be one of the field-encryption keys.")


def init_key_file() -> Path:
    """Create the key file (mode 0600); refuse to overwrite one, which would orphan old backups."""
    path = key_file()
    if path.exists():
        raise ImproperlyConfigured("A backup key file already exists; it is never overwritten.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return path


def secret_paths() -> list[Path]:
    """Files the stored-files walk refuses: keys (never in a backup) and the live database
    (copied only through its consistent snapshot, never as a file being written)."""
    paths = [key_file(), Path(settings.ENLACE_KEY_FILE)]
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        paths.append(Path(str(settings.DATABASES["default"]["NAME"])))
    return [p.resolve() for p in paths]
