"""Taking a person out of a case: audited, with a reason; the person stays in their other cases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.models import CasePerson
from enlace.cases.services import case_create
from enlace.cases.services_persons import case_person_add
from enlace.persons.models import Person
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(world):
    inv = world["investigator"]
    other = case_create(actor=inv, title="Brick kiln Viacha", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"], forms_of_exploitation=["forced_labour"])
    here = case_person_add(actor=inv, case=world["case"], role="witness", data=PersonInput(given_names="Ana"))
    there = case_person_add(actor=inv, case=other, role="witness", person=here.person)
    return here, there


def test_removal_is_audited_and_the_person_stays_elsewhere(client, world, two_cases):
    here, there = two_cases
    client.force_login(world["investigator"])
    url = reverse("cases:person_remove", args=[world["case"].public_id, here.public_id])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"version": here.version, "reason": ""})
    assert refused.status_code == 200 and CasePerson.objects.filter(pk=here.pk).exists()
    done = client.post(url, {"version": here.version, "reason": "Entered twice by mistake"})
    assert done.status_code == 302 and done["Location"].endswith("?tab=persons")
    assert not CasePerson.objects.filter(pk=here.pk).exists()
    assert CasePerson.objects.filter(pk=there.pk).exists() and Person.objects.filter(pk=here.person_id).exists()
    entry = AuditEntry.objects.get(action="case.person_remove")
    assert entry.case_id == world["case"].pk and entry.details["person"] == here.person.pseudonym
    assert entry.details["reason"] == "Entered twice by mistake"


def test_a_stale_version_removes_nothing(client, world, two_cases):
    here, _there = two_cases
    client.force_login(world["investigator"])
    url = reverse("cases:person_remove", args=[world["case"].public_id, here.public_id])
    response = client.post(url, {"version": here.version + 1, "reason": "Duplicate"})
    assert response.status_code == 200 and CasePerson.objects.filter(pk=here.pk).exists()


def test_readers_cannot_remove(client, world, two_cases):
    here, _there = two_cases
    url = reverse("cases:person_remove", args=[world["case"].public_id, here.public_id])
    for user in ("outsider", "liaison", "screener"):
        client.force_login(world[user])
        assert client.post(url, {"version": here.version, "reason": "x"}).status_code in (403, 404)
    assert CasePerson.objects.filter(pk=here.pk).exists()
