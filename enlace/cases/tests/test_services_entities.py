"""Organisations, vehicles and bank accounts of a case: validated, audited without values,
versioned, need-to-know (an organisation on file is offered only from visible cases)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from enlace.audit.models import AuditEntry
from enlace.cases.services import case_create
from enlace.cases.services_entities import (
    AccountChanges,
    OrganisationChanges,
    VehicleChanges,
    case_bank_account_add,
    case_entity_remove,
    case_entity_update,
    case_organisation_add,
    case_vehicle_add,
)
from enlace.cases.tests.factories import add_participant
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.links.models import MatchKey
from enlace.persons.identifiers import account_index, plate_key
from enlace.persons.models import BankAccount, Organisation, Vehicle

pytestmark = pytest.mark.django_db


def test_vehicle_add_keeps_the_plate_as_written_and_indexes_it(world):
    inv, case = world["investigator"], world["case"]
    v = case_vehicle_add(actor=inv, case=case, plate=" 2345-abc ", country="bo", description="Minibus Toyota blanco")
    assert v.plate == "2345-abc" and v.country == "BO" and v.plate_key == plate_key("2345-abc", country="BO")
    assert list(case.vehicles.all()) == [v]
    entry = AuditEntry.objects.get(action="case.entity_add")
    assert entry.case_id == case.pk and entry.details == {"kind": "vehicle", "entity": v.pk, "country": "BO"}
    # enlace.links got the case's plate key in the same transaction (cross-case matching).
    assert MatchKey.objects.filter(case=case, kind="plate").count() == 1


def test_vehicle_duplicate_in_the_case_is_refused_whatever_the_spelling(world):
    inv, case = world["investigator"], world["case"]
    case_vehicle_add(actor=inv, case=case, plate="2345-ABC")
    with pytest.raises(ValidationError) as exc:
        case_vehicle_add(actor=inv, case=case, plate="2345 abc")
    assert "plate" in exc.value.message_dict and Vehicle.objects.count() == 1


@pytest.mark.parametrize("plate,country,field", [("", "", "plate"), ("-", "", "plate"), ("X" * 21, "", "plate"),
                                                 ("1234ABC", "ZZ", "country")])
def test_vehicle_invalid_input_names_the_field_and_writes_nothing(world, plate, country, field):
    with pytest.raises(ValidationError) as exc:
        case_vehicle_add(actor=world["investigator"], case=world["case"], plate=plate, country=country)
    assert field in exc.value.message_dict
    assert not Vehicle.objects.exists() and not AuditEntry.objects.filter(action="case.entity_add").exists()


def _text_beside_the_row_id(details: dict) -> str:
    """An audit entry's details as text, without the row id: on PostgreSQL ids are not reset
    between tests, so an id can itself be 1234 or 2345."""
    return str({k: v for k, v in details.items() if k != "entity"})


def test_bank_account_number_is_encrypted_at_rest_and_never_logged(world):
    inv, case = world["investigator"], world["case"]
    acc = case_bank_account_add(actor=inv, case=case, number="1000-2345-6789", bank="BNB", country="BO")
    assert acc.number_bidx == account_index("1000-2345-6789", country="BO")
    with connection.cursor() as cur:
        cur.execute("SELECT number FROM persons_bankaccount WHERE id = %s", [acc.pk])
        raw = cur.fetchone()[0]
    assert "2345" not in raw
    assert BankAccount.objects.get().number == "1000-2345-6789"
    entry = AuditEntry.objects.get(action="case.entity_add")
    assert "2345" not in _text_beside_the_row_id(entry.details) and entry.details["kind"] == "account"
    with pytest.raises(ValidationError) as exc:
        case_bank_account_add(actor=inv, case=case, number="100023456789", country="BO")
    assert "number" in exc.value.message_dict


def test_bank_account_needs_a_number(world):
    with pytest.raises(ValidationError) as exc:
        case_bank_account_add(actor=world["investigator"], case=world["case"], number="12")
    assert "number" in exc.value.message_dict


def test_organisation_new_and_existing_from_a_visible_case(world):
    inv, case = world["investigator"], world["case"]
    org = case_organisation_add(actor=inv, case=case, name="Agencia Empleos Rápidos", kind="recruitment",
                                country="BO", registration_number="NIT 1020304")
    second = case_create(actor=inv, title="Second case", lead_institution=world["police"], team=world["team"])
    again = case_organisation_add(actor=inv, case=second, organisation=org)
    assert again == org and set(org.cases.all()) == {case, second} and Organisation.objects.count() == 1
    details = AuditEntry.objects.filter(action="case.entity_add").order_by("seq").last().details
    assert details["existing"] is True and "Rápidos" not in str(details)
    with pytest.raises(ValidationError) as exc:
        case_organisation_add(actor=inv, case=second, organisation=org)
    assert "organisation" in exc.value.message_dict


def test_organisation_from_an_invisible_case_is_refused_like_an_unknown_one(world):
    theirs = case_create(actor=world["outsider"], title="Theirs", lead_institution=world["other"])
    org = case_organisation_add(actor=world["outsider"], case=theirs, name="Hidden SRL")
    with pytest.raises(ValidationError) as exc:
        case_organisation_add(actor=world["investigator"], case=world["case"], organisation=org)
    assert "organisation" in exc.value.message_dict and not world["case"].organisations.exists()


def test_organisation_invalid_input(world):
    with pytest.raises(ValidationError) as exc:
        case_organisation_add(actor=world["investigator"], case=world["case"], name="  ", kind="nope", country="XX")
    assert set(exc.value.message_dict) == {"name", "kind", "country"}
    case_organisation_add(actor=world["investigator"], case=world["case"], name="A", registration_number="77", country="BO")
    with pytest.raises(ValidationError) as exc:
        case_organisation_add(actor=world["investigator"], case=world["case"], name="B", registration_number="77",
                              country="BO")
    assert "registration_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        case_organisation_add(actor=world["investigator"], case=world["case"], name=" a ")
    assert "name" in exc.value.message_dict and Organisation.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "liaison", "auditor", "sysadmin", "monitoring"])
def test_only_writers_of_the_case_add_entities(world, who):
    if who == "liaison":
        add_participant(actor=world["investigator"], case=world["case"], user=world["liaison"])
    with pytest.raises(Forbidden):
        case_vehicle_add(actor=world[who], case=world["case"], plate="1234ABC")
    assert not Vehicle.objects.exists()


def test_update_with_version_and_conflict(world):
    inv, pros, case = world["investigator"], world["prosecutor"], world["case"]
    v = case_vehicle_add(actor=inv, case=case, plate="1234ABC", country="BO")
    seen = v.version
    case_entity_update(actor=inv, case=case, kind="vehicle", entity_id=v.pk, expected_version=seen, changes=VehicleChanges(plate="1234-ABD", description="Camioneta roja"))
    v.refresh_from_db()
    assert v.plate == "1234-ABD" and v.plate_key == plate_key("1234-ABD", country="BO") and v.version == seen + 1
    entry = AuditEntry.objects.get(action="case.entity_update")
    assert entry.details["fields_changed"] == ["description", "plate"] and "1234" not in _text_beside_the_row_id(entry.details)
    # The prosecutor saves based on the version they loaded before: refused, nothing overwritten.
    with pytest.raises(Conflict):
        case_entity_update(actor=pros, case=case, kind="vehicle", entity_id=v.pk, expected_version=seen, changes=VehicleChanges(description="Minibus"))
    v.refresh_from_db()
    assert v.description == "Camioneta roja"
    assert MatchKey.objects.filter(case=case, kind="plate").count() == 1


def test_update_validates_and_refuses_unknown_fields(world):
    inv, case = world["investigator"], world["case"]
    acc = case_bank_account_add(actor=inv, case=case, number="123456789", country="BO")
    with pytest.raises(ValidationError) as exc:
        case_entity_update(actor=inv, case=case, kind="account", entity_id=acc.pk, expected_version=acc.version, changes=AccountChanges(number=""))
    assert "number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        case_entity_update(actor=inv, case=case, kind="account", entity_id=acc.pk, expected_version=acc.version, changes=AccountChanges.from_mapping({"number_bidx": "x"}))
    assert "number_bidx" in exc.value.message_dict


def test_update_of_an_organisation_in_a_case_the_actor_cannot_edit_is_refused(world):
    inv, case = world["investigator"], world["case"]
    org = case_organisation_add(actor=inv, case=case, name="Transportes Illimani")
    # The same organisation also sits in a case of another institution that the investigator does not see.
    theirs = case_create(actor=world["outsider"], title="Theirs", lead_institution=world["other"])
    theirs.organisations.add(org)
    with pytest.raises(ValidationError):
        case_entity_update(actor=inv, case=case, kind="organisation", entity_id=org.pk, expected_version=org.version, changes=OrganisationChanges(name="Renamed"))
    org.refresh_from_db()
    assert org.name == "Transportes Illimani"


def test_entity_of_another_case_is_not_found(world):
    theirs = case_create(actor=world["outsider"], title="Theirs", lead_institution=world["other"])
    v = case_vehicle_add(actor=world["outsider"], case=theirs, plate="9999XYZ")
    inv, case = world["investigator"], world["case"]
    with pytest.raises(NotFound):
        case_entity_update(actor=inv, case=case, kind="vehicle", entity_id=v.pk, expected_version=v.version, changes=VehicleChanges(plate="1"))
    with pytest.raises(NotFound):
        case_entity_remove(actor=inv, case=case, kind="vehicle", entity_id=v.pk)
    with pytest.raises(NotFound):
        case_entity_remove(actor=inv, case=case, kind="person", entity_id=v.pk)
    assert Vehicle.objects.filter(pk=v.pk).exists()


def test_remove_deletes_what_no_case_holds_any_more(world):
    inv, case = world["investigator"], world["case"]
    acc = case_bank_account_add(actor=inv, case=case, number="123456789", country="BO")
    org = case_organisation_add(actor=inv, case=case, name="Agencia")
    second = case_create(actor=inv, title="Second", lead_institution=world["police"], team=world["team"])
    case_organisation_add(actor=inv, case=second, organisation=org)
    case_entity_remove(actor=inv, case=case, kind="account", entity_id=acc.pk)
    case_entity_remove(actor=inv, case=case, kind="organisation", entity_id=org.pk)
    assert not BankAccount.objects.exists() and not MatchKey.objects.filter(case=case, kind="account").exists()
    assert list(Organisation.objects.all()) == [org] and list(org.cases.all()) == [second]
    removed = [e.details for e in AuditEntry.objects.filter(action="case.entity_remove").order_by("seq")]
    assert removed == [{"kind": "account", "entity": acc.pk, "deleted": True},
                       {"kind": "organisation", "entity": org.pk, "deleted": False}]
