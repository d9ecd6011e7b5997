"""The auditor reads the log in words: who by name, what in plain words, the object by reference or
pseudonym, never "cases.case 50" nor a protected person's name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


def test_the_log_names_people_actions_and_objects(world):
    inv = world["investigator"]
    inv.first_name, inv.last_name = "María", "Quispe"
    inv.save()
    cp = case_person_add(actor=inv, case=world["case"], role="presumed_victim",
                         data=PersonInput(given_names="Rosa", first_surname="Mamani"))
    reader = Client(headers={"accept-language": "en"})
    reader.force_login(inv)
    reader.get(reverse("cases:detail", args=[world["case"].public_id]))
    auditor = Client(headers={"accept-language": "en"})
    auditor.force_login(world["auditor"])
    page = auditor.get(reverse("audit:list")).content.decode()
    assert "María Quispe" in page and "Case opened" in page and "Person added to a case" in page
    assert "case FELCC-LP-2026-001" in page
    assert "cases.case</code>" not in page  # named, not coded
    assert "Mamani" not in page
    page = auditor.get(reverse("audit:list") + "?kind=persons").content.decode()
    assert f"person {cp.person.pseudonym}" in page


def test_the_log_is_in_spanish_for_a_spanish_reader(world):
    auditor = Client(headers={"accept-language": "es"})
    auditor.force_login(world["auditor"])
    page = auditor.get(reverse("audit:list") + "?kind=cases").content.decode()
    assert "caso FELCC-LP-2026-001" in page
