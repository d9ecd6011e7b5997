"""Two records of one person within a case: merged through the matching decision, audited, and
undone by deciding "different" on the same pair."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.services_persons import case_person_add
from enlace.links.models import MatchCandidate
from enlace.links.services_review import match_decide
from enlace.persons.models import Person
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db


def _twice(world):
    inv, case = world["investigator"], world["case"]
    a = case_person_add(actor=inv, case=case, role="witness", data=PersonInput(given_names="Ana", first_surname="Condori"))
    b = case_person_add(actor=inv, case=case, role="witness", data=PersonInput(given_names="Anita", first_surname="Condori"))
    return a.person, b.person


def test_merging_two_records_of_a_case_and_undoing_it(world, client):
    first, second = _twice(world)
    client.force_login(world["investigator"])
    url = reverse("links:case_merge", args=[world["case"].public_id])
    page = client.get(url).content.decode()
    assert first.pseudonym in page and second.pseudonym in page
    r = client.post(url, {"first": second.pk, "second": first.pk, "note": "Same ID card seen at the interview"})
    candidate = MatchCandidate.objects.get(person_a=first, person_b=second)
    assert r.status_code == 302 and r["Location"] == reverse("links:candidate", args=[candidate.pk])
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk  # the older record stays primary
    assert AuditEntry.objects.filter(action="case.persons_merge", case_id=world["case"].pk).exists()
    assert AuditEntry.objects.filter(action="links.merge").exists()
    again = client.post(url, {"first": first.pk, "second": second.pk, "note": "again"})
    assert again.status_code == 200 and "already merged" in again.content.decode()
    match_decide(actor=world["investigator"], candidate=candidate, decision="not_same", note="Two sisters")
    assert Person.objects.get(pk=second.pk).merged_into_id is None
    assert AuditEntry.objects.filter(action="links.unmerge").exists()


def test_only_persons_of_this_case_and_a_reason(world, client):
    first, _second = _twice(world)
    client.force_login(world["investigator"])
    url = reverse("links:case_merge", args=[world["case"].public_id])
    assert client.post(url, {"first": first.pk, "second": first.pk, "note": "x"}).status_code == 200
    assert client.post(url, {"first": first.pk, "second": _second.pk, "note": ""}).status_code == 200
    assert not MatchCandidate.objects.filter(status="confirmed").exists()
    r = client.post(url, {"first": first.pk, "second": 987654, "note": "x"})  # not in this case
    assert r.status_code == 200 and not MatchCandidate.objects.filter(status="confirmed").exists()


def test_readers_cannot_merge(world, client):
    first, second = _twice(world)
    client.force_login(world["auditor"])
    r = client.post(reverse("links:case_merge", args=[world["case"].public_id]),
                    {"first": first.pk, "second": second.pk, "note": "x"})
    assert r.status_code in (403, 404) and Person.objects.get(pk=second.pk).merged_into_id is None
