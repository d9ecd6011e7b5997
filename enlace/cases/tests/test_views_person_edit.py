"""Changing the role-specific fields of a person in a case: only the role's fields, with the
version the user saw (a concurrent save is a conflict), audited without the notes' text."""

import pytest
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.models import CasePerson
from enlace.cases.services import case_create
from enlace.cases.services_persons import RoleFields, case_person_add, case_person_update
from enlace.cases.tests.factories import add_participant
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(world):
    return case_person_add(actor=world["investigator"], case=world["case"], role="victim", data=PersonInput(given_names="Rosario", first_surname="Quispe"), role_fields=RoleFields(age_at_exploitation=16))


@pytest.fixture
def suspect(world):
    return case_person_add(actor=world["investigator"], case=world["case"], role="suspect", data=PersonInput(given_names="Marco", first_surname="Villca"), role_fields=RoleFields(perpetrator_roles=["recruiter"]))


def edit_url(cp):
    return reverse("cases:person_edit", args=[cp.case.public_id, cp.public_id])


def test_form_shows_only_the_role_fields_and_hides_the_identity(world, client, victim, suspect):
    client.force_login(world["investigator"])
    body = client.get(edit_url(victim)).content.decode()
    assert 'name="means_of_control"' in body and 'name="age_at_exploitation"' in body
    assert 'name="perpetrator_roles"' not in body and "Rosario" not in body and victim.person.pseudonym in body
    body = client.get(edit_url(suspect)).content.decode()
    assert 'name="perpetrator_roles"' in body and 'name="means_of_control"' not in body
    # Suspects are not protected: their name shows.
    assert "Marco Villca" in body
    tab = client.get(reverse("cases:detail", args=[world["case"].public_id]), {"tab": "persons"}).content.decode()
    assert edit_url(victim) in tab and reverse("persons:identifiers_add", args=[victim.person.public_id]) in tab


def test_save_changes_and_audit(world, client, victim):
    client.force_login(world["investigator"])
    r = client.post(edit_url(victim), {
        "age_at_exploitation": "15", "means_of_control": ["debt_bondage", "threats"], "recruiter_relation": "family",
        "trafficking_status": "actual", "status_decided_by": "court", "notes": "Interview on 12 May with a psychologist",
        "version": victim.version, "perpetrator_roles": ["exploiter"],  # not a field of this role: ignored
    })
    assert r.status_code == 302 and r["Location"].endswith("?tab=persons")
    victim.refresh_from_db()
    assert victim.age_at_exploitation == 15 and victim.means_of_control == ["debt_bondage", "threats"]
    assert victim.trafficking_status == "actual" and victim.perpetrator_roles == [] and victim.version == 2
    entry = AuditEntry.objects.get(action="case.person_update")
    assert entry.details["changes"]["age_at_exploitation"] == {"old": 16, "new": 15}
    assert entry.details["notes_changed"] is True and "psychologist" not in str(entry.details)
    assert "Rosario" not in str(entry.details)


def test_invalid_input_comes_back_on_the_form(world, client, victim):
    client.force_login(world["investigator"])
    r = client.post(edit_url(victim), {"age_at_exploitation": "200", "means_of_control": ["magic"],
                                       "status_decided_by": "police", "version": victim.version})
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert {"age_at_exploitation", "means_of_control", "trafficking_status"} <= set(errors)
    r = client.post(edit_url(victim), {"age_at_exploitation": "15"})  # no version
    assert r.status_code == 200 and "version" in r.context["form"].errors
    victim.refresh_from_db()
    assert victim.age_at_exploitation == 16 and victim.version == 1


def test_concurrent_edit_is_a_conflict(world, client, victim):
    client.force_login(world["investigator"])
    loaded = victim.version
    case_person_update(actor=world["prosecutor"], case_person=CasePerson.objects.get(pk=victim.pk), expected_version=loaded, changes=RoleFields(age_at_exploitation=14))
    r = client.post(edit_url(victim), {"age_at_exploitation": "17", "version": loaded})
    assert r.status_code == 200 and "Someone else changed this record" in r.content.decode()
    victim.refresh_from_db()
    assert victim.age_at_exploitation == 14


def test_outsiders_get_404_and_readers_403(world, client, victim):
    for who in ("outsider", "other_supervisor", "auditor", "sysadmin", "screener"):
        client.force_login(world[who])
        assert client.get(edit_url(victim)).status_code == 404, who
        assert client.post(edit_url(victim), {"age_at_exploitation": "1", "version": 1}).status_code == 404, who
    add_participant(actor=world["investigator"], case=world["case"], user=world["liaison"])
    client.force_login(world["liaison"])
    assert client.get(edit_url(victim)).status_code == 403
    # A role row of another case, under this case's URL: 404.
    other = case_create(actor=world["investigator"], title="Second", lead_institution=world["police"],
                        team=world["team"])
    cp = case_person_add(actor=world["investigator"], case=other, role="witness", data=PersonInput(given_names="A"))
    client.force_login(world["investigator"])
    assert client.get(reverse("cases:person_edit", args=[world["case"].public_id, cp.public_id])).status_code == 404
    victim.refresh_from_db()
    assert victim.age_at_exploitation == 16
