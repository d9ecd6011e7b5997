"""Field encryption (AES-GCM) with key rotation, and HMAC blind indexes.

Why: identifying data of victims and witnesses must not be readable from a copy of the
database or a backup. Each value is sealed with AES-256-GCM under the primary key of a
keyring; the ciphertext names its key id, so old rows stay readable after a rotation until
``enlace keys rotate`` re-encrypts them. The associated data binds a ciphertext to its
table, column and row (the row's random public id, known before the INSERT), so a value
moved to another column or another row fails to decrypt (format ``enc2``). Values written
before rows were bound (``enc1``: table and column only) stay readable while
``ENLACE_READ_UNBOUND_CIPHERTEXTS`` allows it, until ``enlace keys rebind`` (or the data
migration, or a rotation) seals them again bound to their row.

Exact lookups (same document number, same phone) use a blind index: HMAC-SHA256 of the
normalised value under a separate key, so equality can be tested without decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"  # bound to table and column (written before rows were bound; read only)
BOUND_PREFIX = "enc2"  # bound to table, column and row
DEV_ORIGIN = "development"  # key files created on first use by development settings say so


class DecryptionError(Exception):
    """A value could not be decrypted (wrong key, tampered ciphertext, unknown key id)."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    primary: str
    blind_index_key: bytes
    _aeads: dict[str, AESGCM] = field(default_factory=dict, compare=False, repr=False)

    def aead(self, key_id: str) -> AESGCM:
        """The cipher of ``key_id``, made once per keyring (thread-safe: AESGCM keeps no state per call)."""
        aead = self._aeads.get(key_id)
        if aead is None:
            try:
                aead = self._aeads[key_id] = AESGCM(self.keys[key_id])
            except KeyError:
                raise DecryptionError(f"unknown key id {key_id!r}") from None
        return aead


def _b64(value: str) -> bytes:
    raw = base64.b64decode(value)
    if len(raw) != 32:
        raise ImproperlyConfigured("Enlace field keys must be 32 bytes (base64-encoded).")
    return raw


def generate_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _key_file() -> Path:
    return Path(getattr(settings, "ENLACE_KEY_FILE", "var/keys.json"))


def read_key_material() -> dict:
    """Keys from settings (tests), the environment (production) or the key file (dev)."""
    if getattr(settings, "ENLACE_FIELD_KEYS", None):
        return {
            "keys": dict(settings.ENLACE_FIELD_KEYS),
            "primary": settings.ENLACE_PRIMARY_KEY_ID,
            "blind_index_key": settings.ENLACE_BLIND_INDEX_KEY,
        }
    env = os.environ.get("ENLACE_FIELD_KEYS")
    if env:
        data = json.loads(env)
        return data
    path = _key_file()
    if path.exists():
        return json.loads(path.read_text())
    if getattr(settings, "ENLACE_CREATE_KEY_FILE", False):
        # Marked so that ``check --deploy`` refuses a development key file carried into production.
        data = {"keys": {"k1": generate_key()}, "primary": "k1", "blind_index_key": generate_key(),
                "origin": DEV_ORIGIN}
        write_key_file(data)
        return data
    raise ImproperlyConfigured(
        "No field-encryption keys: set ENLACE_FIELD_KEYS (JSON) or provide the key file."
    )


def write_key_file(data: dict) -> None:
    path = _key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, path)


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    data = read_key_material()
    keys = {kid: _b64(v) for kid, v in data["keys"].items()}
    if data["primary"] not in keys:
        raise ImproperlyConfigured("The primary field key id is not in the keyring.")
    return Keyring(keys=keys, primary=data["primary"], blind_index_key=_b64(data["blind_index_key"]))


def reset_keyring_cache() -> None:
    keyring.cache_clear()


def encrypt(plaintext: str, *, context: str) -> str:
    """A column-bound ``enc1`` value. Only for tests and tools that build old data: fields write ``seal``."""
    ring = keyring()
    nonce = secrets.token_bytes(12)
    ct = ring.aead(ring.primary).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    return f"{PREFIX}:{ring.primary}:{base64.b64encode(nonce + ct).decode()}"


def _bound_aad(context: str, row: str) -> bytes:
    # The format is part of the associated data: an enc2 value relabelled enc1 does not open.
    return f"{BOUND_PREFIX}\x00{context}\x00{row}".encode()


def seal(plaintext: str, *, context: str, row: str) -> str:
    """Encrypt under the primary key, bound to ``context`` (table.column) and ``row`` (its public id)."""
    if not row:
        raise ValueError("a bound ciphertext needs its row's identifier")
    ring = keyring()
    nonce = secrets.token_bytes(12)
    ct = ring.aead(ring.primary).encrypt(nonce, plaintext.encode("utf-8"), _bound_aad(context, row))
    return f"{BOUND_PREFIX}:{ring.primary}:{base64.b64encode(nonce + ct).decode()}"


def key_id_of(token: str) -> str | None:
    if not token.startswith((PREFIX + ":", BOUND_PREFIX + ":")):
        return None
    return token.split(":", 2)[1]


def is_bound(token: str) -> bool:
    return token.startswith(BOUND_PREFIX + ":")


def unbound_readable() -> bool:
    """Whether ``enc1`` values (not bound to a row) are still accepted on read.

    Why a setting rather than the database: whoever holds the database could otherwise turn the
    check off; the setting lives with the keys, outside it.
    """
    return bool(getattr(settings, "ENLACE_READ_UNBOUND_CIPHERTEXTS", True))


def _split(token: str) -> tuple[str, str, bytes]:
    try:
        prefix, key_id, payload = token.split(":", 2)
        raw = base64.b64decode(payload, validate=True)
    except ValueError:
        raise DecryptionError("not an Enlace ciphertext") from None
    if prefix not in (PREFIX, BOUND_PREFIX) or len(raw) < 28:
        raise DecryptionError("not an Enlace ciphertext")
    return prefix, key_id, raw


def _open(key_id: str, raw: bytes, aad: bytes) -> str:
    try:
        plain = keyring().aead(key_id).decrypt(raw[:12], raw[12:], aad)
    except DecryptionError:
        raise
    except Exception as exc:  # InvalidTag: altered data, another column or another row
        raise DecryptionError("ciphertext failed authentication") from exc
    return plain.decode("utf-8")


def decrypt(token: str, *, context: str, row: str | None = None) -> str:
    """Open a stored value. ``row`` is required for bound values; unbound ones may be refused."""
    prefix, key_id, raw = _split(token)
    if prefix == BOUND_PREFIX:
        if not row:
            raise DecryptionError("a bound ciphertext opens only with its row")
        return _open(key_id, raw, _bound_aad(context, row))
    if not unbound_readable():
        raise DecryptionError("unbound ciphertext refused (ENLACE_READ_UNBOUND_CIPHERTEXTS is off)")
    return _open(key_id, raw, context.encode())


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC of an already normalised value; ``purpose`` separates namespaces (phone vs doc)."""
    mac = hmac.new(keyring().blind_index_key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def seal_token(value: str, *, context: str) -> str:
    """Deterministic, authenticated, URL-safe encryption of a short value (an opaque token).

    Why deterministic: a page that shows the same thing twice (a graph node expanded later)
    must get the same token, while the value inside (e.g. a blind-index key) stays unreadable
    and the token is useless in another ``context`` (another user). The nonce is an HMAC of
    the context and value (SIV construction), so it repeats only for the same plaintext.
    """
    ring = keyring()
    key = ring.keys[ring.primary]
    nonce = hmac.new(key, f"{context}\x00{value}".encode(), hashlib.sha256).digest()[:12]
    ct = ring.aead(ring.primary).encrypt(nonce, value.encode("utf-8"), context.encode())
    return f"{ring.primary}.{base64.urlsafe_b64encode(nonce + ct).decode().rstrip('=')}"


def open_token(token: str, *, context: str) -> str:
    """The value of a ``seal_token`` token; ``DecryptionError`` when forged, altered or foreign."""
    key_id, _sep, payload = token.partition(".")
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        return keyring().aead(key_id).decrypt(raw[:12], raw[12:], context.encode()).decode("utf-8")
    except DecryptionError:
        raise
    except Exception as exc:  # InvalidTag, bad base64, short input
        raise DecryptionError("token failed authentication") from exc
