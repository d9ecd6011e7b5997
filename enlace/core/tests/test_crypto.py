"""Encryption at rest: no victim name in clear in the raw database; rotation; blind indexes."""

import pytest
from django.db import connection

from enlace.core import crypto
from enlace.persons.models import Person
from enlace.persons.services import PersonInput, person_create


def test_roundtrip_and_context_binding():
    token = crypto.encrypt("Juana Quispe", context="t.a")
    assert "Juana" not in token and crypto.decrypt(token, context="t.a") == "Juana Quispe"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="t.b")  # moved to another column


def test_tampered_ciphertext_fails():
    token = crypto.encrypt("x", context="c")
    raw = bytearray(token.encode())
    raw[-3] = ord("A") if raw[-3] != ord("A") else ord("B")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(raw.decode(), context="c")


def test_blind_index_is_deterministic_and_separated():
    assert crypto.blind_index("+59171234567", purpose="phone") == crypto.blind_index("+59171234567", purpose="phone")
    assert crypto.blind_index("+59171234567", purpose="phone") != crypto.blind_index("+59171234567", purpose="doc")


@pytest.mark.django_db
def test_raw_database_holds_no_victim_name_in_clear():
    person_create(actor=None, data=PersonInput(given_names="Juana Rosario", first_surname="Quispillo",
                                               second_surname="Mamanirez", phones=["71234567"],
                                               documents=[("national_id", "4567891 LP", "BO")]),
                  pseudonym_prefix="V", area="LPZ", default_region="BO")
    with connection.cursor() as cur:
        cur.execute("SELECT given_names, first_surname, second_surname FROM persons_person")
        row = cur.fetchone()
        cur.execute("SELECT number, number_raw FROM persons_persondocument")
        doc = cur.fetchone()
        cur.execute("SELECT raw, e164 FROM persons_personphone")
        phone = cur.fetchone()
    dump = " ".join(map(str, row + doc + phone))
    for secret in ("Juana", "Quispillo", "Mamanirez", "4567891", "71234567"):
        assert secret not in dump
    assert all(v.startswith("enc2:k1:") for v in row)
    assert Person.objects.get().first_surname == "Quispillo"


@pytest.mark.django_db(transaction=True)
def test_sqlite_file_holds_no_name(tmp_path):
    """Copy the embedded database to a file, as a backup would, and grep its bytes."""
    if connection.vendor != "sqlite":
        pytest.skip("file check is for the embedded database")
    import sqlite3

    person_create(actor=None, data=PersonInput(given_names="Filomena", first_surname="Ccallisaya"),
                  pseudonym_prefix="V", area="LPZ", default_region="BO")
    connection.ensure_connection()
    target = tmp_path / "backup.sqlite3"
    dest = sqlite3.connect(target)
    connection.connection.backup(dest)
    dest.close()
    data = target.read_bytes()
    assert b"persons_person" in data  # it is really the database
    assert b"Ccallisaya" not in data and b"Filomena" not in data
