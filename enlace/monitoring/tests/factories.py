"""A small world for statistics: cases in two departments with victims and suspects of known
sex, age and nationality (the counts the tests expect are derived from this list)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from enlace.accounts.tests.factories import UnitFactory, make_user
from enlace.cases.services import case_create
from enlace.cases.services_persons import RoleFields, case_person_add
from enlace.persons.services import PersonInput

# (department unit, forms, victims as (sex, birth year, nationality, role), suspects as (sex, nationality))
CASES = [
    ("lpz", ["sexual"], [("F", 2008, "BO", "victim"), ("F", 2001, "BO", "victim"), ("F", 1999, "PE", "presumed_victim"),
                         ("M", 2010, "BO", "presumed_victim")], [("M", "BO"), ("F", "BO")]),
    ("lpz", ["forced_labour"], [("M", 1990, "BO", "victim"), ("M", 1985, "BO", "victim"), ("M", 1995, "PY", "victim"),
                                ("F", 1992, "BO", "presumed_victim"), ("M", 1980, "BO", "victim")], [("M", "CN")]),
    ("cbba", ["forced_labour", "sexual"], [("F", 2009, "BO", "victim"), ("F", 2000, "BO", "victim")], [("M", "BO")]),
]
VICTIM_NAME = "Rosalinda"


def add_stats_world(w: dict) -> dict:
    cbba = UnitFactory.create(institution=w["police"], code="police-cbba-stats", subdivision="BO-C")
    w["cbba_investigator"] = make_user("investigator", unit=cbba, username="inv_cbba_stats")
    units = {"lpz": (w["lpz"], w["investigator"]), "cbba": (cbba, w["cbba_investigator"])}
    year = timezone.localdate().year
    for i, (unit_key, forms, victims, suspects) in enumerate(CASES):
        unit, actor = units[unit_key]
        case = case_create(actor=actor, title=f"Stats case {i}", lead_institution=w["police"], lead_unit=unit,
                           forms_of_exploitation=forms, reported_on=dt.date(year, 1, 10))
        for n, (sex, born, nationality, role) in enumerate(victims):
            case_person_add(actor=actor, case=case, role=role,
                            data=PersonInput(given_names=f"{VICTIM_NAME}{i}{n}", first_surname="Quispe", sex=sex,
                                             birth_year=born, nationality=nationality),
                            role_fields=RoleFields(means_of_control=["threats"]))
        for n, (sex, nationality) in enumerate(suspects):
            case_person_add(actor=actor, case=case, role="suspect",
                            data=PersonInput(given_names=f"Suspect{i}{n}", first_surname="Mamani", sex=sex,
                                             nationality=nationality))
    w["year"] = year
    return w
