"""``check --deploy`` fails (Error) when a key is missing, weak or a development one."""

import base64
import os

import pytest
from django.test import override_settings

from enlace.audit import keyring
from enlace.core import crypto
from enlace.core.checks import check_keys, weakness


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


GOOD = _b64(os.urandom(32))
GOOD2 = _b64(os.urandom(32))


@pytest.fixture(autouse=True)
def _fresh_caches():
    crypto.reset_keyring_cache()
    keyring.reset_cache()
    yield
    crypto.reset_keyring_cache()
    keyring.reset_cache()


def _ids(**settings) -> set[str]:
    base = {"ENLACE_FIELD_KEYS": {"k1": GOOD}, "ENLACE_PRIMARY_KEY_ID": "k1", "ENLACE_BLIND_INDEX_KEY": GOOD2,
            "ENLACE_AUDIT_KEYS": {"a1": _b64(os.urandom(32))}, "ENLACE_AUDIT_PRIMARY_KEY_ID": "a1"}
    with override_settings(**{**base, **settings}):
        return {e.id for e in check_keys()}


@pytest.mark.parametrize(("raw", "why"), [(b"\x00" * 32, "not random"), (b"\x01" * 32, "not random"),
                                          (b"ab" * 16, "not random"), (bytes(range(16)), "16 bytes")])
def test_weak_keys_are_named(raw, why):
    assert why in weakness(_b64(raw))
    assert weakness(GOOD) == ""


def test_strong_keys_pass():
    assert _ids() == set()


def test_missing_field_keys_fail(tmp_path):
    with override_settings(ENLACE_KEY_FILE=tmp_path / "none.json", ENLACE_CREATE_KEY_FILE=False):
        assert "enlace.E001" in _ids(ENLACE_FIELD_KEYS=None)


def test_weak_field_blind_index_and_audit_keys_fail():
    assert "enlace.E003" in _ids(ENLACE_FIELD_KEYS={"k1": _b64(b"\x00" * 32)})
    assert "enlace.E003" in _ids(ENLACE_BLIND_INDEX_KEY=_b64(b"\x02" * 32))
    assert "enlace.E004" in _ids(ENLACE_BLIND_INDEX_KEY=GOOD)
    assert "enlace.E013" in _ids(ENLACE_AUDIT_KEYS={"a1": _b64(b"\x03" * 32)})


def test_missing_audit_key_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("ENLACE_AUDIT_KEY", raising=False)
    with override_settings(ENLACE_AUDIT_KEY_FILE=tmp_path / "none.json", ENLACE_CREATE_KEY_FILE=False):
        assert "enlace.E011" in _ids(ENLACE_AUDIT_KEYS=None)


def test_a_development_key_file_fails(tmp_path):
    with override_settings(ENLACE_KEY_FILE=tmp_path / "keys.json", ENLACE_CREATE_KEY_FILE=True,
                           ENLACE_AUDIT_KEY_FILE=tmp_path / "audit.json"):
        ids = _ids(ENLACE_FIELD_KEYS=None, ENLACE_AUDIT_KEYS=None)
    assert {"enlace.E002", "enlace.E012"} <= ids
