"""Break-glass: one person, one case, a reason, a few hours, loudly audited, ends by itself."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases.access import Access, case_access
from enlace.cases.jobs import expire_participants
from enlace.cases.models import CaseParticipant
from enlace.core.memo import memo_clear
from enlace.referrals.models import Notification

pytestmark = pytest.mark.django_db
REASON = "Victim located at the border crossing tonight; no approver can be reached"


def test_break_glass_grants_time_limited_access_and_tells_every_auditor(world):
    outsider, case = world["outsider"], world["case"]
    assert case_access(outsider, case) == Access.NONE
    call_command("breakglass", "--user", "outsider", "--case", str(case.pk), "--hours", "2", "--reason", REASON)
    assert case_access(outsider, case) == Access.FULL
    entry = AuditEntry.objects.get(action="permission.break_glass")
    assert entry.details["reason"] == REASON and entry.details["user"] == "outsider" and entry.case_id == case.pk
    told = Notification.objects.get(user=world["auditor"], kind="break_glass")
    assert "was given case FELCC-LP-2026-001 until" in told.text and f"#{case.pk}" not in told.text

    # Time is up: the rule ignores it at once, before any job runs.
    CaseParticipant.objects.filter(user=outsider).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    memo_clear()
    assert case_access(outsider, case) == Access.NONE
    assert expire_participants() == {"expired": 1}
    assert not CaseParticipant.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("args", [
    ["--reason", "urgent"],  # too short a reason
    ["--reason", REASON, "--hours", "48"],  # too long
])
def test_break_glass_needs_a_real_reason_and_a_short_time(world, args):
    with pytest.raises(CommandError):
        call_command("breakglass", "--user", "outsider", "--case", str(world["case"].pk), *args)
    assert not CaseParticipant.objects.exists() and not AuditEntry.objects.filter(action="permission.break_glass").exists()


def test_break_glass_is_only_for_roles_that_work_cases(world):
    with pytest.raises(CommandError):
        call_command("breakglass", "--user", "admin", "--case", str(world["case"].pk), "--reason", REASON)
