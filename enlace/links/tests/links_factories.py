"""Test helpers for the in-application linking tests: a second unit with its own case."""

from __future__ import annotations

from enlace.accounts.models import Unit
from enlace.accounts.tests.factories import TeamFactory, make_user
from enlace.cases.services import case_create, case_place_add
from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput


def add_person(actor, case, role: str = "suspect", **fields):
    """A new person in the case, written through the case and person services."""
    return case_person_add(actor=actor, case=case, role=role, data=PersonInput(**fields)).person


def other_unit_world(world) -> dict:
    """Cochabamba: its own EME, investigator, liaison and a case the La Paz team cannot see."""
    cbba = Unit.objects.get(code="police-cbba")
    cbba.name = "DTTP Cochabamba"
    cbba.save(update_fields=["name"])
    team = TeamFactory(code="eme-cbb", name="EME Cochabamba", subdivision="BO-C")
    inv = make_user("investigator", unit=cbba, team=team, username="inv_cbb")
    liaison = make_user("liaison", unit=cbba, username="liaison_cbb")
    case = case_create(actor=inv, title="Karaoke bar Quillacollo SECRET", lead_institution=world["police"],
                       lead_unit=cbba, team=team, forms_of_exploitation=["sexual"],
                       reference_number="FELCC-CB-2026-077")
    return {"cbba": cbba, "cbba_team": team, "cbba_inv": inv, "cbba_liaison": liaison, "cbba_case": case,
            "cbba_supervisor": world["other_supervisor"]}


def route(actor, case, *places) -> None:
    """Places as (kind, country, subdivision) triples."""
    for kind, country, subdivision in places:
        case_place_add(actor=actor, case=case, kind=kind, country=country, subdivision=subdivision)
