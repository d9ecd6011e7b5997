"""Sharing a case asks the disclosure policies first, in the same transaction."""

import pytest

from enlace.accounts.services_grants import grant_approve
from enlace.audit.models import AuditEntry
from enlace.cases.models import CaseSharing
from enlace.cases.services_access import case_sharing_create
from enlace.core.disclosure import Decision, register_disclosure_policy, unregister_disclosure_policy
from enlace.core.errors import Forbidden


@pytest.fixture
def seen():
    calls = []

    def only_under_agreement(disclosure):
        calls.append(disclosure)
        return Decision(bool(disclosure.agreement_ref), "No agreement in force covers this sharing.")

    register_disclosure_policy(only_under_agreement)
    yield calls
    unregister_disclosure_policy(only_under_agreement)


def test_a_refused_sharing_stores_nothing(world, seen):
    before = AuditEntry.objects.count()
    with pytest.raises(Forbidden):
        case_sharing_create(actor=world["investigator"], case=world["case"], institution=world["other"],
                            scope="full", purpose="joint investigation")
    assert not CaseSharing.objects.exists() and AuditEntry.objects.count() == before
    d = seen[0]
    assert (d.kind, d.subject, d.recipient, d.scope, d.actor) == (
        "case.share", world["case"], world["other"], "full", world["investigator"])


def test_an_allowed_sharing_is_stored_with_its_agreement_once_approved(world, seen):
    agreement = world["agreement"]
    req = case_sharing_create(actor=world["investigator"], case=world["case"], institution=world["other"],
                              scope="full", purpose="joint investigation", agreement_id=agreement.pk)
    assert not CaseSharing.objects.exists()
    grant_approve(actor=world["supervisor"], request_id=req.pk)
    assert CaseSharing.objects.filter(agreement_id=agreement.pk).count() == 1
    assert seen[0].agreement_ref == str(agreement.pk)
    assert len(seen) == 2  # asked at the request and again at the approval


def test_the_agreement_the_policy_relied_on_is_recorded(world):
    req = case_sharing_create(actor=world["investigator"], case=world["case"], institution=world["other"],
                              scope="summary", purpose="joint investigation")
    grant_approve(actor=world["supervisor"], request_id=req.pk)
    assert CaseSharing.objects.get().agreement_id == world["agreement"].pk
