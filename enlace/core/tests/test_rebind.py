"""Values written before rows were bound: read, then bound by the migration step, ``keys rebind``
and ``keys rotate``; ``keys verify`` names the rows that do not open."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from enlace.core import crypto, keys
from enlace.core.fields import seal_for
from enlace.persons.models import Person
from enlace.persons.services import PersonInput, person_create

pytestmark = pytest.mark.django_db
CONTEXT = "persons_person.first_surname"


def make(given: str, surname: str) -> Person:
    return person_create(actor=None, data=PersonInput(given_names=given, first_surname=surname),
                         pseudonym_prefix="V", area="LPZ", default_region="BO")


def raw(person: Person) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT first_surname FROM persons_person WHERE id = %s", [person.pk])
        return cur.fetchone()[0]


def put_raw(person: Person, value: str) -> None:
    with connection.cursor() as cur:
        cur.execute("UPDATE persons_person SET first_surname = %s WHERE id = %s", [value, person.pk])


def legacy(person: Person, surname: str) -> None:
    """Store ``surname`` as the previous format did: bound to the column only."""
    put_raw(person, crypto.encrypt(surname, context=CONTEXT))


def reads(person: Person) -> str:
    return Person.objects.get(pk=person.pk).first_surname


@pytest.fixture
def key_file(settings, tmp_path):
    data = {"keys": {"k1": crypto.generate_key()}, "primary": "k1", "blind_index_key": crypto.generate_key()}
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(data))
    settings.ENLACE_FIELD_KEYS = None
    settings.ENLACE_KEY_FILE = path
    crypto.reset_keyring_cache()
    yield path
    crypto.reset_keyring_cache()


def test_unbound_values_read_until_refused(settings):
    a = make("Rosa", "Condori")
    legacy(a, "Condori")
    assert reads(a) == "Condori"
    settings.ENLACE_READ_UNBOUND_CIPHERTEXTS = False
    with pytest.raises(crypto.DecryptionError, match="unbound"):
        reads(a)


def test_the_migration_step_binds_old_values_and_resumes_where_it_stopped():
    a, b, c = make("Rosa", "Condori"), make("Ana", "Mamani"), make("Eva", "Quispe")
    for person, surname in ((a, "Condori"), (b, "Mamani"), (c, "Quispe")):
        legacy(person, surname)
    # A run that stopped after the first row: only the others are left to do.
    Person.objects.filter(pk=a.pk).update(first_surname=seal_for(a, "first_surname", "Condori"))
    assert keys.reseal(Person, stale=keys._unbound(keys.fields_of(Person))) == 2
    legacy(c, "Quispe")
    keys.rebind_migration("persons.Person")(apps, None)
    assert all(raw(p).startswith("enc2:") for p in (a, b, c))
    assert [reads(p) for p in (a, b, c)] == ["Condori", "Mamani", "Quispe"]
    # Bound now: the old swap goes unnoticed no more.
    va, vb = raw(a), raw(b)
    put_raw(a, vb)
    put_raw(b, va)
    with pytest.raises(crypto.DecryptionError):
        reads(a)


def test_the_migration_step_without_keys_leaves_values_readable_and_says_so(settings, tmp_path, capsys):
    a = make("Rosa", "Condori")
    legacy(a, "Condori")
    field_keys, key_file = settings.ENLACE_FIELD_KEYS, settings.ENLACE_KEY_FILE
    settings.ENLACE_FIELD_KEYS = None
    settings.ENLACE_KEY_FILE = tmp_path / "absent.json"
    crypto.reset_keyring_cache()
    try:
        keys.rebind_migration("persons.Person")(apps, None)
    finally:
        settings.ENLACE_FIELD_KEYS, settings.ENLACE_KEY_FILE = field_keys, key_file
        crypto.reset_keyring_cache()
    assert "enlace keys rebind" in capsys.readouterr().out
    assert raw(a).startswith("enc1:") and reads(a) == "Condori"
    call_command("keys", "rebind")
    assert raw(a).startswith("enc2:") and reads(a) == "Condori"


def test_rotation_binds_and_keeps_binding(key_file):
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    legacy(b, "Mamani")
    old_copy = raw(b)  # what a backup made before the upgrade holds
    keys.rotate(retire_old=True)
    assert raw(a).startswith("enc2:k2:") and raw(b).startswith("enc2:k2:")
    assert keys.raw_formats()["unbound"] == 0
    assert reads(a) == "Condori" and reads(b) == "Mamani"
    va, vb = raw(a), raw(b)
    put_raw(a, vb)
    put_raw(b, va)
    with pytest.raises(crypto.DecryptionError):
        reads(b)
    # The column-bound copy from the old backup cannot be planted in another row: its key is retired.
    put_raw(a, old_copy)
    with pytest.raises(crypto.DecryptionError, match="unknown key id"):
        reads(a)


def test_rotation_is_resumable(key_file):
    """A second run after a complete one re-seals nothing: rows are picked by what is left to do."""
    make("Rosa", "Condori")
    _new, counts = keys.rotate()
    assert counts["persons.Person"] == 1
    assert keys.reencrypt_all()["persons.Person"] == 0


def test_verify_names_the_rows_that_do_not_open(capsys):
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    call_command("keys", "verify")
    assert "0 unreadable" in capsys.readouterr().out
    va, vb = raw(a), raw(b)
    put_raw(a, vb)
    put_raw(b, va)
    with pytest.raises(CommandError):
        call_command("keys", "verify")
    out = capsys.readouterr().out
    assert f"UNREADABLE persons.Person.first_surname row {a.public_id}" in out
    assert f"row {b.public_id}" in out and "Condori" not in out and "Mamani" not in out
