"""Builders for proceedings and elements tests: a victim converted from a screening, a suspect, a matrix."""

from __future__ import annotations

from enlace.cases.services_persons import RoleFields, case_person_add
from enlace.persons.services import PersonInput
from enlace.prosecution.models import Offence, ProceduralStage
from enlace.prosecution.reference import ensure_loaded
from enlace.referrals.tests.factories import screened
from enlace.screening import services as screening_services
from enlace.screening.models import Screening


def offence(code: str = "BO-CP-281bis") -> Offence:
    ensure_loaded()
    return Offence.objects.get(code=code)


def stage(code: str, country: str = "BO") -> ProceduralStage:
    ensure_loaded()
    return ProceduralStage.objects.get(country=country, code=code)


def suspect(w, *, role: str = "suspect"):
    return case_person_add(actor=w["investigator"], case=w["case"], role=role,
                           data=PersonInput(given_names="Mario", first_surname="Choque"))


def victim_from_screening(w, *, age: int = 24, means: list[str] | None = None):
    """A screened presumed victim converted into the world's case, with the Palermo elements recorded."""
    s = screened(w["screener"], age=age)
    Screening.objects.filter(pk=s.pk).update(palermo_acts=["recruitment"], palermo_purposes=["forced_labour"],
                                             palermo_means=means if means is not None else ["deception"])
    s = screening_services.screening_hand_over(actor=w["screener"], screening=Screening.objects.get(pk=s.pk),
                                               team=w["team"])
    return screening_services.screening_convert(actor=w["investigator"], screening=s, expected_version=s.version,
                                                case=w["case"])


def witness(w):
    return case_person_add(actor=w["investigator"], case=w["case"], role="witness",
                           data=PersonInput(given_names="Ana", first_surname="Flores"), role_fields=RoleFields())
