"""Case writes: validation, lifecycle, transnational flag, optimistic locking."""

import pytest
from django.core.exceptions import ValidationError

from enlace.audit.models import AuditEntry
from enlace.cases.models import CaseStatusChange
from enlace.cases.services import CaseChanges, case_place_add, case_status_change, case_update
from enlace.core.errors import Conflict, Forbidden

pytestmark = pytest.mark.django_db


def test_concurrent_edit_is_a_conflict_not_an_overwrite(world):
    case = world["case"]
    v = case.version
    case_update(actor=world["investigator"], case=case, expected_version=v, changes=CaseChanges(title="First save wins"))
    stale = type(case).objects.get(pk=case.pk)
    stale.version = v  # the second editor loaded the old version
    with pytest.raises(Conflict) as exc:
        case_update(actor=world["prosecutor"], case=stale, expected_version=v, changes=CaseChanges(title="Second save"))
    assert exc.value.current_version == v + 1
    case.refresh_from_db()
    assert case.title == "First save wins"


def test_update_is_audited_with_old_and_new(world):
    case = world["case"]
    case_update(actor=world["investigator"], case=case, expected_version=case.version, changes=CaseChanges(title="Renamed"))
    e = AuditEntry.objects.filter(action="case.update").latest("seq")
    assert e.details["changes"]["title"] == {"old": "Textile workshop El Alto", "new": "Renamed"}


def test_invalid_values_are_rejected_with_field_errors(world):
    case = world["case"]
    with pytest.raises(ValidationError) as exc:
        case_update(actor=world["investigator"], case=case, expected_version=case.version, changes=CaseChanges(forms_of_exploitation=["forced_labour", "made_up"]))
    assert "forms_of_exploitation" in exc.value.message_dict
    case.refresh_from_db()
    assert case.forms_of_exploitation == ["forced_labour"]


def test_a_field_the_update_does_not_change_is_refused_by_name(world):
    """The status has its own service (lifecycle rules); an edit form or payload naming it is refused."""
    case = world["case"]
    before = (case.title, case.status, case.version)
    with pytest.raises(ValidationError) as exc:
        case_update(actor=world["investigator"], case=case, expected_version=case.version,
                    changes=CaseChanges.from_mapping({"title": "Renamed", "status": "closed"}))
    assert list(exc.value.message_dict) == ["status"]
    case.refresh_from_db()
    assert (case.title, case.status, case.version) == before


def test_status_lifecycle_records_who_and_when(world):
    case = world["case"]
    case_status_change(actor=world["investigator"], case=case, expected_version=case.version, to_status="investigation")
    with pytest.raises(ValidationError):
        case_status_change(actor=world["investigator"], case=case, expected_version=case.version, to_status="judgment")
    changes = list(CaseStatusChange.objects.filter(case=case).values_list("from_status", "to_status", "by__username"))
    assert changes == [("", "reported", "inv"), ("reported", "investigation", "inv")]


def test_transnational_flag_derives_from_places(world):
    case = world["case"]
    case_place_add(actor=world["investigator"], case=case, kind="origin", country="BO", subdivision="BO-L")
    assert not case.is_transnational
    case_place_add(actor=world["investigator"], case=case, kind="destination", country="AR", subdivision="")
    case.refresh_from_db()
    assert case.is_transnational


def test_place_validation(world):
    with pytest.raises(ValidationError) as exc:
        case_place_add(actor=world["investigator"], case=world["case"], kind="origin", country="BO", subdivision="AR-B")
    assert "subdivision" in exc.value.message_dict


def test_supervisor_of_other_unit_cannot_write(world):
    case = world["case"]
    with pytest.raises(Forbidden):
        case_update(actor=world["other_supervisor"], case=case, expected_version=case.version, changes=CaseChanges(title="x"))


def test_removing_the_team_keeps_the_editor_on_the_case(world):
    from enlace.cases.access import Access, case_access

    case = world["case"]
    case_update(actor=world["investigator"], case=case, expected_version=case.version, changes=CaseChanges(team=None))
    assert case_access(world["investigator"], case) == Access.FULL
    assert case_access(world["prosecutor"], case) == Access.NONE


def test_lead_unit_must_belong_to_lead_institution(world):
    from enlace.accounts.tests.factories import UnitFactory

    case = world["case"]
    foreign = UnitFactory(institution=world["other"])
    with pytest.raises(ValidationError) as exc:
        case_update(actor=world["investigator"], case=case, expected_version=case.version, changes=CaseChanges(lead_unit=foreign))
    assert "lead_unit" in exc.value.message_dict


def test_case_goes_only_to_a_team_the_creator_belongs_to(world):
    from enlace.accounts.tests.factories import TeamFactory
    from enlace.cases.services import case_create

    foreign_team = TeamFactory(code="eme-scz", subdivision="BO-S")
    with pytest.raises(ValidationError) as exc:
        case_create(actor=world["investigator"], title="x", lead_institution=world["police"], team=foreign_team)
    assert "team" in exc.value.message_dict
    # a supervisor of the lead unit may assign any active team
    case_create(actor=world["supervisor"], title="y", lead_institution=world["police"], lead_unit=world["lpz"],
                team=foreign_team)
