"""The encrypted stream: what it reads back, and every way a damaged file must fail."""

from __future__ import annotations

import io
import os

import pytest

from enlace.backup.stream import TAG, BackupIntegrityError, DecryptingReader, EncryptingWriter

KEY = bytes(range(32))
CHUNK = 64
HEADER = 53


def seal(data: bytes, key: bytes = KEY, chunk: int = CHUNK) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key, chunk_size=chunk)
    for i in range(0, len(data), 10):  # many small writes, as tarfile does
        writer.write(data[i:i + 10])
    writer.close()
    return out.getvalue()


def unseal(blob: bytes, key: bytes = KEY) -> bytes:
    reader = DecryptingReader(io.BytesIO(blob), key)
    parts = []
    while part := reader.read(7):
        parts.append(part)
    return b"".join(parts)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17])
def test_round_trip_of_any_size(size):
    data = os.urandom(size)
    blob = seal(data)
    assert unseal(blob) == data
    assert data[:16] not in blob[HEADER:] or size < 16
    chunks = max(1, -(-size // CHUNK))
    assert len(blob) == HEADER + size + chunks * TAG


def test_a_flipped_byte_anywhere_fails():
    blob = bytearray(seal(os.urandom(3 * CHUNK + 5)))
    for pos in (10, HEADER + 3, HEADER + CHUNK + TAG + 1, len(blob) - 1):
        damaged = bytearray(blob)
        damaged[pos] ^= 0x01
        with pytest.raises(BackupIntegrityError):
            unseal(bytes(damaged))


def test_truncation_at_a_chunk_boundary_and_inside_a_chunk_fails():
    blob = seal(os.urandom(3 * CHUNK + 5))
    sealed = CHUNK + TAG
    for cut in (HEADER, HEADER + sealed, HEADER + 2 * sealed, HEADER + sealed + 5, len(blob) - 1):
        with pytest.raises(BackupIntegrityError):
            unseal(blob[:cut])


def test_reordered_or_repeated_chunks_and_trailing_data_fail():
    blob = seal(os.urandom(3 * CHUNK + 5))
    sealed = CHUNK + TAG
    c = [blob[HEADER + i * sealed:HEADER + (i + 1) * sealed] for i in range(4)]
    head = blob[:HEADER]
    for forged in (head + c[1] + c[0] + c[2] + c[3], head + c[0] + c[0] + c[2] + c[3], blob + c[3], blob + b"x"):
        with pytest.raises(BackupIntegrityError, match="failed authentication"):
            unseal(forged)


def test_another_key_is_named_and_other_files_are_refused():
    blob = seal(b"secret")
    with pytest.raises(BackupIntegrityError, match="another backup key"):
        unseal(blob, key=bytes(32))
    with pytest.raises(BackupIntegrityError, match="not an Enlace backup"):
        unseal(b"SQLite format 3\x00" + bytes(100))


def test_two_backups_of_the_same_data_differ():
    """A fresh salt per file: equal plaintexts never give equal ciphertexts (nor reused nonces)."""
    data = b"same" * 100
    assert seal(data)[HEADER:] != seal(data)[HEADER:]
