"""Sharings past their ``valid_until`` end by themselves (a daily job), audited like an end by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases import jobs
from enlace.cases.models import CaseSharing
from enlace.cases.services import case_sharing_create

pytestmark = pytest.mark.django_db


def _share(world, valid_until):
    return case_sharing_create(actor=world["investigator"], case=world["case"], institution=world["other"],
                               scope="summary", purpose="Joint operation", valid_until=valid_until)


def test_expired_sharings_end_and_are_audited_current_ones_stay(world):
    today = timezone.localdate()
    expired = _share(world, today - dt.timedelta(days=1))
    last_day = _share(world, today)
    open_ended = _share(world, None)
    assert jobs.expire_sharings() == {"expired": 1}
    states = dict(CaseSharing.objects.values_list("pk", "is_active"))
    assert states == {expired.pk: False, last_day.pk: True, open_ended.pk: True}
    entry = AuditEntry.objects.get(action="permission.case_unshare")
    assert entry.case_id == world["case"].pk and entry.actor_label == "(scheduler)"
    assert entry.details["sharing"] == expired.pk and entry.details["expired"] is True
    assert jobs.expire_sharings() == {"expired": 0}  # a second run (a retry) changes nothing
