"""A summary-scope sharing shows the overview only: no persons, no free-text summary."""

import pytest
from django.urls import reverse

from enlace.cases.services import CaseChanges, case_update
from enlace.cases.services_persons import case_person_add
from enlace.cases.tests.factories import share_case
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


def test_summary_sharing_hides_summary_and_persons(world, client):
    case = world["case"]
    case_update(actor=world["investigator"], case=case, expected_version=case.version, changes=CaseChanges(summary="Rescued: Juana Ticona from the workshop"))
    case_person_add(actor=world["investigator"], case=case, role="suspect",
                    data=PersonInput(given_names="Wilfredo", first_surname="Zenteno"))
    share_case(actor=world["investigator"], case=case, institution=world["other"], scope="summary",
                        purpose="Joint operation planning")
    client.force_login(world["outsider"])
    for tab in ("overview", "persons"):
        body = client.get(reverse("cases:detail", args=[case.public_id]) + f"?tab={tab}").content.decode()
        assert "Textile workshop El Alto" in body
        assert "Juana" not in body and "Ticona" not in body and "Zenteno" not in body
    client.force_login(world["prosecutor"])
    body = client.get(reverse("cases:detail", args=[case.public_id])).content.decode()
    assert "Juana Ticona" in body
