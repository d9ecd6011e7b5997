"""``keys rotate`` re-encrypts every value under a new key, and old data stays readable."""

import json

import pytest

from enlace.core import crypto, keys
from enlace.persons.models import Person
from enlace.persons.services import PersonInput, person_create


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


@pytest.mark.django_db
def test_rotate_reencrypts_everything(key_file):
    person_create(actor=None, data=PersonInput(given_names="Rosa", first_surname="Condori", phones=["+591 71234567"]),
                  pseudonym_prefix="V", area="LPZ", default_region="BO")
    assert set(keys.raw_key_ids()) == {"k1"}
    new_id, counts = keys.rotate()
    assert new_id == "k2" and counts["persons.Person"] == 1
    assert set(keys.raw_key_ids()) == {"k2"}
    assert Person.objects.get().first_surname == "Condori"
    keys.rotate(retire_old=True)
    assert set(json.loads(key_file.read_text())["keys"]) == {"k3"}
    assert Person.objects.get().given_names == "Rosa"
