"""Separation of duties in the account services themselves (not only in the views)."""

import pytest
from django.core.exceptions import ValidationError

from enlace.accounts.services import membership_add
from enlace.accounts.services_grants import grant_approve
from enlace.accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_administrator_cannot_grant_themselves_a_role():
    admin = make_user("sysadmin")
    with pytest.raises(ValidationError):
        membership_add(actor=admin, user=admin, institution=admin.primary_institution, role="investigator")
    assert set(admin.memberships.values_list("role", flat=True)) == {"sysadmin"}


def test_administrator_grants_a_role_to_someone_else():
    admin = make_user("sysadmin")
    other = make_user("screener", institution=admin.primary_institution)
    req = membership_add(actor=admin, user=other, institution=admin.primary_institution, role="investigator")
    assert set(other.memberships.values_list("role", flat=True)) == {"screener"}  # waits for a second person
    approver = make_user("approver", institution=admin.primary_institution)
    grant_approve(actor=approver, request_id=req.pk)
    assert set(other.memberships.values_list("role", flat=True)) == {"screener", "investigator"}
