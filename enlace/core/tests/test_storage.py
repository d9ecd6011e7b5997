"""The encrypted file store: round trips, SHA-256, and every way a stored file can be tampered with."""

import base64
import hashlib
import io
import os
import stat

import pytest

from enlace.core import crypto
from enlace.core.crypto import DecryptionError
from enlace.core.storage import EncryptedFileStore

SECRET = b"Testimony of V-LPZ-0001: Juana Quispe, Calle Murillo 12. "


@pytest.fixture
def store(tmp_path):
    return EncryptedFileStore(tmp_path, chunk_size=64)


def _write(store, data: bytes, context: str = "evidence:1"):
    return store.write(io.BytesIO(data), context=context)


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 128, 1000])
def test_round_trip_any_size_with_sha256(store, size):
    data = (SECRET * 20)[:size]
    stored = _write(store, data)
    assert stored.size == size and stored.sha256 == hashlib.sha256(data).hexdigest()
    assert store.read(stored.file_id, context="evidence:1") == data
    assert store.verify(stored.file_id, sha256=stored.sha256, context="evidence:1")


def test_streams_from_an_iterable_and_yields_chunks(store):
    pieces = [SECRET[:10], SECRET[10:], SECRET * 3]
    stored = store.write(iter(pieces), context="c")
    chunks = list(store.open(stored.file_id, context="c"))
    assert b"".join(chunks) == b"".join(pieces) and len(chunks) == 4 and max(map(len, chunks)) == 64


def test_nothing_in_clear_on_disk_and_owner_only(store):
    stored = _write(store, SECRET * 5)
    raw = store.path(stored.file_id).read_bytes()
    assert b"Juana" not in raw and b"Murillo" not in raw
    assert stat.S_IMODE(os.stat(store.path(stored.file_id)).st_mode) == 0o600
    assert not list(store.root.rglob("*.part"))


def test_a_changed_byte_fails(store):
    stored = _write(store, SECRET * 5)
    path = store.path(stored.file_id)
    raw = bytearray(path.read_bytes())
    raw[-20] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(DecryptionError):
        store.read(stored.file_id, context="evidence:1")
    assert not store.verify(stored.file_id, sha256=stored.sha256, context="evidence:1")


def _split(raw: bytes, header_len: int) -> tuple[bytes, list[bytes]]:
    chunks, pos = [], header_len
    while pos < len(raw):
        length = int.from_bytes(raw[pos:pos + 4], "big")
        chunks.append(raw[pos:pos + 4 + length])
        pos += 4 + length
    return raw[:header_len], chunks


@pytest.mark.parametrize("change", ["drop_last", "swap", "duplicate"])
def test_cut_reordered_or_repeated_chunks_fail(store, change):
    stored = _write(store, SECRET * 5)  # 285 bytes: 5 chunks of 64
    path = store.path(stored.file_id)
    header, chunks = _split(path.read_bytes(), 6 + len(stored.key_id) + 12)
    assert len(chunks) == 5
    if change == "drop_last":
        chunks = chunks[:-1]
    elif change == "swap":
        chunks[0], chunks[1] = chunks[1], chunks[0]
    else:
        chunks.append(chunks[-1])
    path.write_bytes(header + b"".join(chunks))
    with pytest.raises(DecryptionError):
        store.read(stored.file_id, context="evidence:1")


def test_another_context_or_another_file_fails(store):
    a, b = _write(store, SECRET * 2), _write(store, SECRET * 2)
    with pytest.raises(DecryptionError):
        store.read(a.file_id, context="evidence:2")  # moved to another record
    # b's chunks in a's file: the nonce prefix in the header differs, so nothing authenticates
    header_a, _ = _split(store.path(a.file_id).read_bytes(), 6 + len(a.key_id) + 12)
    _, chunks_b = _split(store.path(b.file_id).read_bytes(), 6 + len(b.key_id) + 12)
    store.path(a.file_id).write_bytes(header_a + b"".join(chunks_b))
    with pytest.raises(DecryptionError):
        store.read(a.file_id, context="evidence:1")


def test_wrong_hash_does_not_verify_and_missing_file_neither(store):
    stored = _write(store, SECRET)
    assert not store.verify(stored.file_id, sha256=hashlib.sha256(b"other").hexdigest(), context="evidence:1")
    store.delete(stored.file_id)
    assert not store.verify(stored.file_id, sha256=stored.sha256, context="evidence:1")


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABCDEF", "0" * 31, "0" * 32 + "/x"])
def test_file_ids_are_never_paths(store, bad):
    with pytest.raises(ValueError):
        store.path(bad)


def test_old_files_stay_readable_after_a_new_primary_key(store, settings):
    stored = _write(store, SECRET * 3)
    settings.ENLACE_FIELD_KEYS = {**settings.ENLACE_FIELD_KEYS, "k2": base64.b64encode(b"\x07" * 32).decode()}
    settings.ENLACE_PRIMARY_KEY_ID = "k2"
    crypto.reset_keyring_cache()
    try:
        newer = _write(store, SECRET)
        assert (store.key_id(stored.file_id), store.key_id(newer.file_id)) == ("k1", "k2")
        assert store.read(stored.file_id, context="evidence:1") == SECRET * 3
    finally:
        crypto.reset_keyring_cache()
