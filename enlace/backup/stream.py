"""Streamed authenticated encryption of a backup file (chunked AES-256-GCM).

Why chunks: a backup of a national register is gigabytes; one AES-GCM call would hold all of
it in memory, and its tag could only be checked at the very end. Each chunk is sealed on its
own, so memory stays at one chunk and every chunk is authenticated as it is read.

Why this layout is safe against more than bit flips:
- each file gets a fresh random salt, and its key is derived from the backup key with HKDF
  over that salt, so nonces (the chunk counter) never repeat under one key;
- the chunk index and a "final" flag are bound as associated data, with the whole header, so
  a reordered, dropped, duplicated or truncated chunk, trailing data, or an edited header all
  fail authentication instead of decrypting to something plausible.

Layout: header (MAGIC, version, chunk size, key id, salt), then chunks of ``chunk_size``
plaintext bytes + 16-byte tag; the last chunk (possibly empty) is flagged final.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from typing import Any, BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"ENLACEBK"
VERSION = 1
CHUNK_SIZE = 1024 * 1024
TAG = 16
_HEADER = struct.Struct(">8sBI8s32s")  # magic, version, chunk size, key id, salt


class Sink(Protocol):
    def write(self, data: bytes, /) -> Any: ...


class BackupIntegrityError(Exception):
    """The backup file is not an intact Enlace backup readable with this key."""


def key_id(key: bytes) -> bytes:
    """A short public fingerprint of the backup key, so a wrong key is named as such."""
    return hmac.new(key, b"enlace backup key id", hashlib.sha256).digest()[:8]


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"enlace-backup-v1").derive(key)
    return AESGCM(derived)


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if final else 0)


def _nonce(index: int) -> bytes:
    return b"\x00\x00\x00\x00" + struct.pack(">Q", index)


class EncryptingWriter:
    """A write-only file object: what is written is sealed chunk by chunk into ``sink``."""

    def __init__(self, sink: Sink, key: bytes, *, chunk_size: int = CHUNK_SIZE):
        if len(key) != 32:
            raise ValueError("the backup key must be 32 bytes")
        self._sink = sink
        self._chunk_size = chunk_size
        self._header = _HEADER.pack(MAGIC, VERSION, chunk_size, key_id(key), os.urandom(32))
        self._aead = _file_key(key, self._header[-32:])
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > self._chunk_size:  # keep at least one byte back for the final chunk
            self._seal(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def _seal(self, chunk: bytes, *, final: bool) -> None:
        self._sink.write(self._aead.encrypt(_nonce(self._index), chunk, _aad(self._header, self._index, final)))
        self._index += 1

    def close(self) -> None:
        """Seal the last chunk (flagged final). Without it, a reader reports truncation."""
        if not self._closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._closed = True


class DecryptingReader:
    """A read-only file object over an encrypted backup; raises on the first bad chunk.

    Plaintext is only handed out after its chunk authenticated, but a later chunk may still
    fail: callers must treat everything read as provisional until ``read`` returned b"" .
    """

    def __init__(self, source: BinaryIO, key: bytes):
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size or not header.startswith(MAGIC):
            raise BackupIntegrityError("not an Enlace backup file (unknown header)")
        _magic, version, chunk_size, kid, salt = _HEADER.unpack(header)
        if version != VERSION:
            raise BackupIntegrityError(f"backup format version {version} is not supported (expected {VERSION})")
        if not 0 < chunk_size <= 64 * 1024 * 1024:
            raise BackupIntegrityError("the backup header is damaged (chunk size)")
        if not hmac.compare_digest(kid, key_id(key)):
            raise BackupIntegrityError(f"this backup was made with another backup key (key id {kid.hex()}; "
                                       f"the configured key is {key_id(key).hex()})")
        self._source = source
        self._header = header
        self._aead = _file_key(key, salt)
        self._sealed_size = chunk_size + TAG
        self._pending = source.read(self._sealed_size)
        self._index = 0
        self._done = False
        self._buffer = bytearray()

    def _next_chunk(self) -> None:
        sealed, self._pending = self._pending, self._source.read(self._sealed_size)
        final = not self._pending
        if len(sealed) < TAG:
            raise BackupIntegrityError("the backup file is truncated")
        try:
            plain = self._aead.decrypt(_nonce(self._index), sealed, _aad(self._header, self._index, final))
        except InvalidTag:
            raise BackupIntegrityError(
                f"chunk {self._index} of the backup failed authentication: the file was altered, "
                "truncated or reordered") from None
        self._index += 1
        self._done = final
        self._buffer += plain

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._next_chunk()
        if size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out
