"""Persons in cases over the API: pseudonyms, identity only through an audited reveal."""

import json
import uuid

import pytest

from enlace.audit.models import AuditEntry
from enlace.cases.models import CasePerson
from enlace.cases.services import case_create
from enlace.cases.tests.factories import add_participant
from enlace.persons.models import Person

pytestmark = pytest.mark.django_db

VICTIM = {"given_names": "María Luisa", "first_surname": "Quispe", "second_surname": "Mamani", "sex": "F",
          "birth_year": 2008, "birth_month": 4, "birth_day": 12, "nationality": "BO",
          "documents": [{"doc_type": "national_id", "number": "4567890 LP", "issuing_country": "BO"}],
          "phones": ["+591 71234567"], "emails": ["mlq@example.org"], "addresses": ["Calle 5, El Alto"],
          "handles": [{"platform": "facebook", "handle": "@mlquispe"}]}
SUSPECT = {"given_names": "Juan", "first_surname": "Condori", "sex": "M"}
IDENTITY = ("given_names", "first_surname", "second_surname", "married_surname", "aliases", "birth_month",
            "birth_day", "notes", "documents", "phones", "emails", "addresses", "handles")


def add(api, case, **payload):
    r = api.post(f"/cases/{case.public_id}/participants", payload)
    assert r.status_code == 201, r.content
    return r.json()


@pytest.fixture
def victim(world, api_as):
    return add(api_as(world["investigator"]), world["case"], role="presumed_victim", person=VICTIM,
               age_at_exploitation=16, means_of_control=["debt_bondage", "withholds_documents"],
               recruiter_relation="family", trafficking_status="possible", status_decided_by="police")


def test_add_new_victim_comes_back_pseudonymised(world, victim):
    assert victim["role"] == "presumed_victim"
    assert victim["person"]["pseudonym"].startswith("V-")
    assert victim["person"] == {"id": victim["person"]["id"], "pseudonym": victim["person"]["pseudonym"],
                                "protected": True, "identity_visible": False, "name": None}
    assert victim["means_of_control"] == ["debt_bondage", "withholds_documents"]
    assert victim["age_at_exploitation"] == 16 and victim["version"] == 1
    person = Person.objects.get(public_id=victim["person"]["id"])
    assert person.first_surname == "Quispe" and person.documents.count() == 1 and person.phones.count() == 1
    entry = AuditEntry.objects.filter(action="case.person_add").latest("seq")
    assert "Quispe" not in json.dumps(entry.details)


def test_add_suspect_shows_the_name(world, api_as):
    cp = add(api_as(world["investigator"]), world["case"], role="suspect", person=SUSPECT,
             perpetrator_roles=["recruiter"])
    assert cp["person"]["identity_visible"] is True
    assert cp["person"]["name"] == "Juan Condori"
    assert cp["perpetrator_roles"] == ["recruiter"]


def test_participant_list(world, api_as, victim):
    add(api_as(world["investigator"]), world["case"], role="suspect", person=SUSPECT)
    r = api_as(world["prosecutor"]).get(f"/cases/{world['case'].public_id}/participants")
    assert r.status_code == 200
    rows = r.json()
    assert [(p["role"], p["person"]["name"]) for p in rows] == [("presumed_victim", None),
                                                                ("suspect", "Juan Condori")]
    assert "Quispe" not in r.content.decode()


def test_add_existing_person_in_another_role_and_case(world, api_as, victim):
    api = api_as(world["investigator"])
    other_case = case_create(actor=world["investigator"], title="Follow-up", lead_institution=world["police"],
                             team=world["team"])
    cp = add(api, other_case, role="witness", person_id=victim["person"]["id"])
    assert cp["person"]["pseudonym"] == victim["person"]["pseudonym"]
    assert Person.objects.count() == 1


def test_a_person_the_caller_cannot_see_is_answered_like_a_missing_one(world, api_as):
    outsider_case = case_create(actor=world["outsider"], title="Elsewhere", lead_institution=world["other"])
    hidden = add(api_as(world["outsider"]), outsider_case, role="suspect", person=SUSPECT)["person"]["id"]
    api = api_as(world["investigator"])
    url = f"/cases/{world['case'].public_id}/participants"
    r_hidden = api.post(url, {"role": "suspect", "person_id": hidden})
    r_missing = api.post(url, {"role": "suspect", "person_id": str(uuid.uuid4())})
    assert r_hidden.status_code == r_missing.status_code == 400
    assert r_hidden.content == r_missing.content
    assert "person" in r_hidden.json()["errors"]
    assert not CasePerson.objects.filter(case=world["case"]).exists()


@pytest.mark.parametrize("payload, field, status", [
    ({"role": "victim"}, "person", 400),
    ({"role": "victim", "person": {}, "person_id": str(uuid.uuid4())}, "person", 400),
    ({"role": "hero", "person": {}}, "role", 422),
    ({"role": "victim", "person": {"sex": "Q"}}, "person.sex", 422),
    ({"role": "victim", "person": {"documents": [{"doc_type": "national_id"}]}}, "person.documents.0.number", 422),
    ({"role": "victim", "person": {"birth_month": 13}}, "birth_month", 400),
    ({"role": "victim", "person": {"nationality": "XX"}}, "nationality", 400),
    ({"role": "victim", "person": {}, "age_at_exploitation": 200}, "age_at_exploitation", 422),
    ({"role": "victim", "person": {}, "means_of_control": ["charm"]}, "means_of_control.0", 422),
])
def test_invalid_participant_input(world, api_as, payload, field, status):
    r = api_as(world["investigator"]).post(f"/cases/{world['case'].public_id}/participants", payload)
    assert r.status_code == status, r.content
    assert field in r.json()["errors"]
    assert Person.objects.count() == 0


def test_same_person_twice_in_the_same_role_is_400(world, api_as, victim):
    r = api_as(world["investigator"]).post(f"/cases/{world['case'].public_id}/participants",
                                           {"role": "presumed_victim", "person_id": victim["person"]["id"]})
    assert r.status_code == 400 and "role" in r.json()["errors"]


def test_update_role_fields_with_locking(world, api_as, victim):
    api = api_as(world["investigator"])
    url = f"/cases/{world['case'].public_id}/participants/{victim['id']}"
    r = api.patch(url, {"version": 1, "trafficking_status": "actual", "status_decided_by": "court"})
    assert r.status_code == 200, r.content
    assert (r.json()["trafficking_status"], r.json()["version"]) == ("actual", 2)
    assert r.json()["recruiter_relation"] == "family"  # untouched
    stale = api.patch(url, {"version": 1, "trafficking_status": "not_victim"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert api.patch(f"/cases/{world['case'].public_id}/participants/999999", {"version": 1}).status_code == 404


# --- GET /persons/{id} and the reveal -----------------------------------------------------

def test_protected_person_is_pseudonymised(world, api_as, victim):
    pid = victim["person"]["id"]
    r = api_as(world["prosecutor"]).get(f"/persons/{pid}")
    assert r.status_code == 200
    body = r.json()
    assert body["pseudonym"] == victim["person"]["pseudonym"]
    assert body["protected"] is True and body["identity_visible"] is False
    assert all(body[f] is None for f in IDENTITY)
    assert (body["sex"], body["birth_year"], body["nationality"]) == ("F", 2008, "BO")
    assert body["roles"] == [{"case_id": str(world["case"].public_id), "role": "presumed_victim"}]
    for secret in ("Quispe", "4567890", "71234567", "mlq@", "El Alto", "mlquispe"):
        assert secret not in r.content.decode()
    assert AuditEntry.objects.filter(action="person.read", object_id=str(Person.objects.get(public_id=pid).pk),
                                     actor=world["prosecutor"]).exists()


def test_unprotected_person_shows_identity(world, api_as):
    cp = add(api_as(world["investigator"]), world["case"], role="suspect", person={**SUSPECT, "phones": ["71234567"]})
    body = api_as(world["prosecutor"]).get(f"/persons/{cp['person']['id']}").json()
    assert body["identity_visible"] is True and body["protected"] is False
    assert body["first_surname"] == "Condori"
    assert body["phones"] == [{"raw": "71234567", "e164": "+59171234567"}]


def test_reveal_returns_identity_once_and_is_audited(world, api_as, victim):
    pid = victim["person"]["id"]
    api = api_as(world["prosecutor"])
    reason = "Preparing the hearing statement"
    r = api.post(f"/persons/{pid}/reveal", {"reason": reason})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["identity_visible"] is True
    assert (body["given_names"], body["first_surname"], body["second_surname"]) == ("María Luisa", "Quispe", "Mamani")
    assert body["documents"] == [{"doc_type": "national_id", "number": body["documents"][0]["number"],
                                  "issuing_country": "BO"}]
    assert "4567890" in body["documents"][0]["number"]
    assert body["emails"] == ["mlq@example.org"]
    entry = AuditEntry.objects.filter(action="person.reveal").latest("seq")
    assert entry.actor == world["prosecutor"] and entry.object_id == str(Person.objects.get(public_id=pid).pk)
    assert entry.details == {"reason": reason}
    # Nothing is remembered: the next read is pseudonymised again.
    assert api.get(f"/persons/{pid}").json()["given_names"] is None


def test_reveal_needs_a_reason(world, api_as, victim):
    api = api_as(world["prosecutor"])
    pid = victim["person"]["id"]
    short = api.post(f"/persons/{pid}/reveal", {"reason": "curious"})
    assert short.status_code == 400 and "reason" in short.json()["errors"]
    missing = api.post(f"/persons/{pid}/reveal", {})
    assert missing.status_code == 422 and "reason" in missing.json()["errors"]
    assert "Quispe" not in short.content.decode() + missing.content.decode()
    assert not AuditEntry.objects.filter(action="person.reveal").exists()


def test_role_without_reveal_right_gets_403(world, api_as, victim):
    add_participant(actor=world["investigator"], case=world["case"], user=world["liaison"])
    api = api_as(world["liaison"])
    pid = victim["person"]["id"]
    assert api.get(f"/persons/{pid}").status_code == 200  # a participant of the case sees the pseudonym
    r = api.post(f"/persons/{pid}/reveal", {"reason": "Coordinating the return trip"})
    assert r.status_code == 403
    assert "Quispe" not in r.content.decode()


@pytest.mark.parametrize("role", ["outsider", "auditor", "sysadmin", "screener"])
def test_person_outside_the_callers_cases_is_404_like_a_missing_one(world, api_as, victim, role):
    api = api_as(world[role])
    pid = victim["person"]["id"]
    for method, suffix, args in [("get", "", ()), ("post", "/reveal", ({"reason": "Looking for someone"},))]:
        hidden = getattr(api, method)(f"/persons/{pid}{suffix}", *args)
        missing = getattr(api, method)(f"/persons/{uuid.uuid4()}{suffix}", *args)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.content == missing.content
    assert not AuditEntry.objects.filter(action="person.reveal").exists()


def test_a_phone_that_cannot_be_read_is_refused_by_the_api_too(world, api_as):
    api = api_as(world["investigator"])
    payload = {"role": "suspect", "person": {**SUSPECT, "phones": ["+591 71234567", "abc 7654321x"]}}
    r = api.post(f"/cases/{world['case'].public_id}/participants", payload)
    assert r.status_code == 400, r.content
    assert "Line 2 is not a phone number that can be checked" in r.content.decode()
    assert not CasePerson.objects.exists()
    payload["person"]["phones_unverified"] = True
    cp = add(api, world["case"], **payload)
    phones = Person.objects.get(public_id=cp["person"]["id"]).phones.all()
    assert sorted(bool(p.e164) for p in phones) == [False, True]  # kept as written, out of matching
