"""Encrypted-at-rest file store: evidence and attachments never lie on disk in the clear.

Why here (core): evidence files (prosecution), attachments of cases, referrals and cooperation
requests will all need it, and core sits below every app.

Format of a stored file (STREAM construction, as in age and Tink's streaming AEAD): a header
``ENCF | version | key id | 8-byte nonce prefix | chunk size``, then chunks of at most
``chunk_size`` plaintext bytes, each sealed with AES-256-GCM under the keyring's primary key
(``enlace.core.crypto``) with the nonce ``prefix || counter`` and, as associated data, the header,
the counter, a last-chunk flag and the caller's ``context``. So a chunk cannot be altered,
reordered, dropped, moved to another file or to another purpose, and a file cut after any
chunk fails (the last chunk is marked). Memory stays flat whatever the file's size.

The writer computes the SHA-256 of the plaintext while streaming, for the caller to store next
to the record (chain of custody); ``verify`` decrypts the whole file and compares. File ids are
random (never a hash of the content, which could be tested against a known photo), and a file
is written to a temporary name, flushed, then renamed, so a crash leaves no half file under an id.

A file names its key id: after a key rotation old files stay readable while the old key is in
the keyring (re-encrypting stored files on rotation is left to the first app that stores them).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from . import crypto
from .crypto import DecryptionError

MAGIC = b"ENCF"
VERSION = 1
DEFAULT_CHUNK = 64 * 1024
TAG = 16
_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    size: int  # plaintext bytes
    sha256: str  # hex digest of the plaintext
    key_id: str


def _header(key_id: str, prefix: bytes, chunk_size: int) -> bytes:
    kid = key_id.encode("ascii")
    return MAGIC + bytes([VERSION, len(kid)]) + kid + prefix + struct.pack(">I", chunk_size)


def _aad(header: bytes, counter: int, last: bool, context: str) -> bytes:
    return header + struct.pack(">I?", counter, last) + context.encode()


def _nonce(prefix: bytes, counter: int) -> bytes:
    return prefix + struct.pack(">I", counter)


def _chunks(source: BinaryIO | Iterable[bytes], size: int) -> Iterator[bytes]:
    """Re-cut the source into pieces of exactly ``size`` bytes (the last one may be shorter)."""
    pieces = iter(lambda: source.read(size), b"") if hasattr(source, "read") else iter(source)
    buffer = bytearray()
    for piece in pieces:
        buffer += piece
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    yield bytes(buffer)


class EncryptedFileStore:
    """Files sealed with the field keyring under ``root`` (``settings.ENLACE_FILE_STORE``)."""

    def __init__(self, root: Path | str | None = None, *, chunk_size: int = DEFAULT_CHUNK) -> None:
        self.root = Path(root if root is not None else settings.ENLACE_FILE_STORE)
        if not 0 < chunk_size < 2**31:
            raise ValueError("chunk_size out of range")
        self.chunk_size = chunk_size

    def path(self, file_id: str) -> Path:
        if not _ID.match(file_id):  # never a path from outside: no traversal, no guessable names
            raise ValueError("not a file id")
        return self.root / file_id[:2] / file_id

    def write(self, source: BinaryIO | Iterable[bytes], *, context: str) -> StoredFile:
        """Encrypt a stream (a binary file object or an iterable of bytes) into a new file."""
        ring = crypto.keyring()
        aead = ring.aead(ring.primary)
        file_id, prefix = secrets.token_hex(16), secrets.token_bytes(8)
        header = _header(ring.primary, prefix, self.chunk_size)
        target = self.path(file_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        digest, size = hashlib.sha256(), 0
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(header)
                chunks = _chunks(source, self.chunk_size)
                current, counter = next(chunks), 0
                for following in chunks:  # look one ahead: the last chunk is sealed as the last
                    self._seal(out, aead, header, prefix, counter, current, False, context)
                    digest.update(current)
                    size += len(current)
                    current, counter = following, counter + 1
                self._seal(out, aead, header, prefix, counter, current, True, context)
                digest.update(current)
                size += len(current)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StoredFile(file_id=file_id, size=size, sha256=digest.hexdigest(), key_id=ring.primary)

    @staticmethod
    def _seal(out: BinaryIO, aead: AESGCM, header: bytes, prefix: bytes, counter: int, chunk: bytes, last: bool, context: str) -> None:
        if counter >= 2**32 - 1:
            raise ValueError("file too large for one nonce prefix")
        sealed = aead.encrypt(_nonce(prefix, counter), chunk, _aad(header, counter, last, context))
        out.write(struct.pack(">I", len(sealed)) + sealed)

    def open(self, file_id: str, *, context: str) -> Iterator[bytes]:
        """Decrypted chunks, each authenticated before it is yielded.

        A file cut short raises ``DecryptionError`` only at its end: a caller that must not act
        on part of a file reads it whole (``read``) or checks it first (``verify``).
        """
        with self.path(file_id).open("rb") as fh:
            header, prefix, key_id = self._read_header(fh)
            aead = crypto.keyring().aead(key_id)
            end, counter = os.fstat(fh.fileno()).st_size, 0
            while True:
                raw_len = fh.read(4)
                if len(raw_len) != 4:
                    raise DecryptionError("file is truncated")
                (length,) = struct.unpack(">I", raw_len)
                sealed = fh.read(length)
                if len(sealed) != length or length < TAG:
                    raise DecryptionError("file is truncated")
                last = fh.tell() == end  # a chunk not marked last at the end means the file was cut
                try:
                    chunk = aead.decrypt(_nonce(prefix, counter), sealed, _aad(header, counter, last, context))
                except Exception as exc:  # InvalidTag: altered, reordered, cut, or another context
                    raise DecryptionError("file failed authentication") from exc
                yield chunk
                if last:
                    return
                counter += 1

    @staticmethod
    def _read_header(fh: BinaryIO) -> tuple[bytes, bytes, str]:
        start = fh.read(6)
        if len(start) != 6 or start[:4] != MAGIC or start[4] != VERSION:
            raise DecryptionError("not an Enlace encrypted file")
        kid = fh.read(start[5])
        rest = fh.read(12)
        if len(kid) != start[5] or len(rest) != 12:
            raise DecryptionError("file is truncated")
        return start + kid + rest, rest[:8], kid.decode("ascii")

    def read(self, file_id: str, *, context: str) -> bytes:
        return b"".join(self.open(file_id, context=context))

    def verify(self, file_id: str, *, sha256: str, context: str) -> bool:
        """True when the file decrypts whole and its plaintext has the recorded SHA-256."""
        digest = hashlib.sha256()
        try:
            for chunk in self.open(file_id, context=context):
                digest.update(chunk)
        except (DecryptionError, FileNotFoundError):
            return False
        return hmac.compare_digest(digest.hexdigest(), sha256.lower())

    def key_id(self, file_id: str) -> str:
        with self.path(file_id).open("rb") as fh:
            return self._read_header(fh)[2]

    def delete(self, file_id: str) -> None:
        self.path(file_id).unlink(missing_ok=True)
