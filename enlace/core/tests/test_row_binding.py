"""Encrypted values are bound to their row: moved to another row (same column), they do not open.

Every test writes through a path the application uses (save, create, bulk_create, update with a
sealed value, bulk_update, the versioned update of the services) and then tampers with the
database as its owner would, with raw SQL.
"""

import pytest
from django.db import connection, transaction

from enlace.cases.services_persons import case_person_add
from enlace.core import crypto
from enlace.core.fields import UnboundWrite, UnopenedValue, opened, seal_for
from enlace.persons.models import Person
from enlace.persons.services import PersonChanges, PersonInput, person_create, person_update

pytestmark = pytest.mark.django_db


def make(given: str, surname: str) -> Person:
    return person_create(actor=None, data=PersonInput(given_names=given, first_surname=surname),
                         pseudonym_prefix="V", area="LPZ", default_region="BO")


def raw(person: Person, column: str = "first_surname") -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM persons_person WHERE id = %s", [person.pk])  # noqa: S608
        return cur.fetchone()[0]


def put_raw(person: Person, value: str, column: str = "first_surname") -> None:
    with connection.cursor() as cur:
        cur.execute(f"UPDATE persons_person SET {column} = %s WHERE id = %s", [value, person.pk])  # noqa: S608


def swap(a: Person, b: Person, column: str = "first_surname") -> None:
    va, vb = raw(a, column), raw(b, column)
    put_raw(a, vb, column)
    put_raw(b, va, column)


def reads(person: Person, attr: str = "first_surname") -> str:
    return getattr(Person.objects.get(pk=person.pk), attr)


def assert_unreadable(person: Person, attr: str = "first_surname") -> None:
    with pytest.raises(crypto.DecryptionError, match=f"persons.Person.{attr}"):
        reads(person, attr)


def test_values_swapped_between_two_rows_of_the_same_column_do_not_open():
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    assert raw(a).startswith("enc2:k1:")
    swap(a, b)
    assert_unreadable(a)
    assert_unreadable(b)
    assert reads(a, "given_names") == "Rosa"  # the other columns of the row still open


def test_a_value_copied_into_another_row_does_not_open_there():
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    put_raw(b, raw(a))
    assert reads(a) == "Condori"
    assert_unreadable(b)


def test_a_value_moved_to_another_column_of_the_same_row_does_not_open():
    a = make("Rosa", "Condori")
    put_raw(a, raw(a, "given_names"), "first_surname")
    assert_unreadable(a)


def test_a_relabelled_format_does_not_open():
    """An enc2 value renamed enc1 (to drop the row from the check) fails too: the format is bound."""
    a = make("Rosa", "Condori")
    put_raw(a, raw(a).replace("enc2:", "enc1:", 1))
    assert_unreadable(a)


def test_bulk_create_binds_each_row():
    a, b = Person.objects.bulk_create([Person(pseudonym="V-1", first_surname="Quispe"),
                                       Person(pseudonym="V-2", first_surname="Choque")])
    assert raw(a).startswith("enc2:") and reads(a) == "Quispe" and reads(b) == "Choque"
    swap(a, b)
    assert_unreadable(a)


def test_update_without_a_row_is_refused_and_sealed_values_are_bound():
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    with pytest.raises(UnboundWrite, match="seal_for"), transaction.atomic():
        Person.objects.filter(pk=a.pk).update(first_surname="Vargas")
    Person.objects.filter(pk=a.pk).update(first_surname=seal_for(a, "first_surname", "Vargas"))
    assert reads(a) == "Vargas"
    # A value sealed for one row and written to another is accepted by the database, not by the read.
    Person.objects.filter(pk=b.pk).update(first_surname=seal_for(a, "first_surname", "Vargas"))
    assert_unreadable(b)


def test_a_loaded_ciphertext_cannot_be_written_elsewhere():
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    stored = Person.objects.filter(pk=a.pk).values_list("first_surname", flat=True).get()
    with pytest.raises(UnboundWrite), transaction.atomic():
        Person.objects.filter(pk=b.pk).update(first_surname=stored)


def test_bulk_update_needs_sealed_values():
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    a.first_surname, b.first_surname = "Flores", "Limachi"
    with pytest.raises(UnboundWrite), transaction.atomic():
        Person.objects.bulk_update([a, b], ["first_surname"])
    a.first_surname = seal_for(a, "first_surname", "Flores")
    b.first_surname = seal_for(b, "first_surname", "Limachi")
    Person.objects.bulk_update([a, b], ["first_surname"])
    assert a.first_surname == "Flores" and reads(a) == "Flores" and reads(b) == "Limachi"
    swap(a, b)
    assert_unreadable(b)


def test_the_services_versioned_update_binds_to_the_row(world):
    """``person_update`` writes with one conditional UPDATE (optimistic locking): sealed for the row."""
    a = case_person_add(actor=world["investigator"], case=world["case"], role="suspect",
                        data=PersonInput(given_names="Rosa", first_surname="Condori")).person
    b = make("Ana", "Mamani")
    a = Person.objects.get(pk=a.pk)
    person_update(actor=world["investigator"], person=a, expected_version=a.version,
                  changes=PersonChanges(first_surname="Apaza"))
    assert raw(a).startswith("enc2:") and reads(a) == "Apaza"
    put_raw(b, raw(a))
    assert_unreadable(b)


def test_copying_a_value_between_instances_is_sealed_for_the_target():
    a, b = make("Rosa", "Condori"), make("Ana", "Mamani")
    a, b = Person.objects.get(pk=a.pk), Person.objects.get(pk=b.pk)
    b.first_surname = a.first_surname
    b.save(update_fields=["first_surname"])
    assert reads(b) == "Condori" and raw(b) != raw(a)


def test_values_list_gives_unopened_values_that_refuse_to_be_text():
    a = make("Rosa", "Condori")
    row = Person.objects.filter(pk=a.pk).values("public_id", "first_surname").get()
    with pytest.raises(UnopenedValue, match="values"):
        str(row["first_surname"])
    with pytest.raises(UnopenedValue):
        f"{row['first_surname']}"
    assert opened(row["first_surname"], row["public_id"]) == "Condori"


def test_deferred_encrypted_field_opens_against_its_row():
    a = make("Rosa", "Condori")
    only = Person.objects.only("pk", "pseudonym").get(pk=a.pk)
    assert only.first_surname == "Condori"
    no_row = Person.objects.only("pk", "first_surname").get(pk=a.pk)
    assert no_row.first_surname == "Condori"  # public_id fetched to open it
