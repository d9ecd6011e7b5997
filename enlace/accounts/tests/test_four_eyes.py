"""Separation of duties: no single person can give access to cases or identities.

Each test reproduces a way one person could grant access alone and shows that the grant
waits for a second, authorised person.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from enlace.accounts.models import AccessGrantRequest, Membership, TeamMember, User
from enlace.accounts.services import membership_add, team_member_add, user_create, user_set_active
from enlace.accounts.services_grants import grant_approve, grant_reject
from enlace.accounts.tests.factories import InstitutionFactory, TeamFactory, UnitFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.cases.access import Access, case_access
from enlace.cases.models import CaseParticipant, CaseSharing
from enlace.cases.services_access import case_participant_add, case_sharing_create
from enlace.core.errors import Forbidden, NotFound
from enlace.referrals.models import Notification

pytestmark = pytest.mark.django_db
PW = "a-Good-passphrase-77"


@pytest.fixture
def place():
    inst = InstitutionFactory(code="felcc")
    unit = UnitFactory(institution=inst, code="felcc-lpz")
    return inst, unit


def test_sysadmin_creating_a_supervisor_gets_an_inactive_ungranted_account(place, client):
    inst, unit = place
    admin = make_user("sysadmin", institution=inst, username="root")
    user = user_create(actor=admin, username="new.sup", password=PW, institution=inst, role="supervisor", unit=unit)
    user.refresh_from_db()
    assert not user.is_active and not Membership.objects.filter(user=user).exists()
    resp = client.post(reverse("web:login"), {"username": "new.sup", "password": PW})
    assert resp.status_code == 200 and "_auth_user_id" not in client.session
    # The administrator cannot switch it on by hand either.
    with pytest.raises(ValidationError):
        user_set_active(actor=admin, user=user, active=True)
    user.refresh_from_db()
    assert not user.is_active


def test_the_requester_cannot_approve_their_own_request(place):
    inst, unit = place
    # An administrator who is also the institution's approver still needs someone else.
    admin = make_user("sysadmin", institution=inst, username="root")
    Membership.objects.create(user=admin, institution=inst, role="approver")
    admin = User.objects.get(pk=admin.pk)
    user = user_create(actor=admin, username="new.inv", password=PW, institution=inst, role="investigator", unit=unit)
    req = AccessGrantRequest.objects.get(subject=user)
    with pytest.raises(Forbidden):
        grant_approve(actor=admin, request_id=req.pk)
    req.refresh_from_db()
    assert req.status == "pending" and not User.objects.get(pk=user.pk).is_active


def test_nobody_approves_access_for_themselves(place):
    inst, unit = place
    admin = make_user("sysadmin", institution=inst, username="root")
    approver = make_user("approver", institution=inst, username="appr")
    req = membership_add(actor=admin, user=approver, institution=inst, role="supervisor", unit=unit)
    with pytest.raises(Forbidden):
        grant_approve(actor=approver, request_id=req.pk)
    assert "supervisor" not in User.objects.get(pk=approver.pk).roles


def test_an_approver_of_another_institution_sees_the_same_404_as_for_a_missing_request(place):
    inst, unit = place
    admin = make_user("sysadmin", institution=inst, username="root")
    elsewhere = make_user("approver", institution=InstitutionFactory(), username="far")
    user = user_create(actor=admin, username="x", password=PW, institution=inst, role="investigator", unit=unit)
    req = AccessGrantRequest.objects.get(subject=user)
    with pytest.raises(NotFound):
        grant_approve(actor=elsewhere, request_id=req.pk)
    with pytest.raises(NotFound):
        grant_approve(actor=elsewhere, request_id=req.pk + 1000)


def test_approval_by_the_unit_supervisor_grants_and_is_audited_and_notified(place):
    inst, unit = place
    admin = make_user("sysadmin", institution=inst, username="root")
    sup = make_user("supervisor", unit=unit, username="sup")
    user = user_create(actor=admin, username="new.inv", password=PW, institution=inst, role="investigator", unit=unit)
    req = AccessGrantRequest.objects.get(subject=user)
    assert Notification.objects.filter(user=sup, kind="access_requested").exists()
    grant_approve(actor=sup, request_id=req.pk)
    user = User.objects.get(pk=user.pk)
    assert user.is_active and user.roles == {"investigator"}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"grant.request", "grant.approve", "permission.grant"} <= actions
    assert Notification.objects.filter(user=admin, kind="access_decided").exists()
    with pytest.raises(ValidationError):
        grant_approve(actor=sup, request_id=req.pk)  # decided once


def test_rejection_needs_a_reason_and_grants_nothing(place):
    inst, unit = place
    admin = make_user("sysadmin", institution=inst, username="root")
    approver = make_user("approver", institution=inst, username="appr")
    member = make_user("investigator", unit=unit, username="ana")
    team = TeamFactory()
    req = team_member_add(actor=admin, team=team, user=member)
    with pytest.raises(ValidationError):
        grant_reject(actor=approver, request_id=req.pk, note="  ")
    grant_reject(actor=approver, request_id=req.pk, note="Not in this department")
    assert not TeamMember.objects.filter(team=team, user=member).exists()
    assert AuditEntry.objects.filter(action="grant.reject", actor=approver).exists()


def test_a_case_participant_and_a_sharing_wait_for_a_second_person(world):
    inv, sup = world["investigator"], world["supervisor"]
    req = case_participant_add(actor=inv, case=world["case"], user=world["outsider"])
    assert case_access(world["outsider"], world["case"]) == Access.NONE
    assert not CaseParticipant.objects.exists()
    with pytest.raises(Forbidden):
        grant_approve(actor=inv, request_id=req.pk)
    grant_approve(actor=sup, request_id=req.pk)
    assert case_access(world["outsider"], world["case"]) == Access.FULL

    share = case_sharing_create(actor=inv, case=world["case"], institution=world["other"], scope="summary",
                                purpose="Joint operation")
    assert not CaseSharing.objects.exists()
    grant_approve(actor=sup, request_id=share.pk)
    assert CaseSharing.objects.filter(institution=world["other"], is_active=True).exists()


def test_approvals_page_lists_what_would_be_granted_and_refuses_self_approval(world, client):
    req = case_participant_add(actor=world["investigator"], case=world["case"], user=world["outsider"])
    client.force_login(world["supervisor"])
    page = client.get(reverse("accounts:grant_list")).content.decode()
    name = world["outsider"].get_full_name() or "outsider"  # people by name, the case by its reference
    assert f"{name} takes part in case FELCC-LP-2026-001" in page and f"#{world['case'].pk}" not in page
    client.force_login(world["investigator"])
    assert client.post(reverse("accounts:grant_approve", args=[req.pk])).status_code == 403
    client.force_login(world["outsider"])
    assert client.post(reverse("accounts:grant_approve", args=[req.pk])).status_code == 403
    client.force_login(world["supervisor"])
    assert client.post(reverse("accounts:grant_approve", args=[req.pk])).status_code == 302
    assert CaseParticipant.objects.filter(user=world["outsider"]).exists()


def test_command_line_user_create_waits_and_bootstrap_is_only_for_the_first(place, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO((PW + "\n") * 4))
    call_command("user", "create", "first.admin", "--institution", "felcc", "--role", "sysadmin",
                 "--bootstrap", "--password-stdin")
    assert User.objects.get(username="first.admin").is_sysadmin
    with pytest.raises(CommandError):
        call_command("user", "create", "second.admin", "--institution", "felcc", "--role", "sysadmin",
                     "--bootstrap", "--password-stdin")
    with pytest.raises(CommandError):  # bootstrap never gives case access
        call_command("user", "create", "boss", "--institution", "felcc", "--role", "supervisor", "--unit",
                     "felcc-lpz", "--bootstrap", "--password-stdin")
    call_command("user", "create", "boss", "--institution", "felcc", "--role", "supervisor", "--unit",
                 "felcc-lpz", "--password-stdin")
    boss = User.objects.get(username="boss")
    assert not boss.is_active and not boss.memberships.exists()


