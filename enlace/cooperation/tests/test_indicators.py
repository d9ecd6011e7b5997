"""The committee's figures on cooperation: requests by what was asked and their status, the time to
answer, MLA requests by direction; categories only, from the dashboard's registry."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.cooperation.models import InformationRequest
from enlace.cooperation.services import liaison_name
from enlace.cooperation.services_requests import request_answer, request_create
from enlace.cooperation.tests.factories import make_agreement
from enlace.core.indicators import Scope, indicator

pytestmark = pytest.mark.django_db


def test_requests_and_their_time_to_answer_reach_the_dashboard_as_categories(world):
    border = InstitutionFactory(kind="migration", code="border-i")
    liaison = make_user("liaison", institution=border)
    liaison_name(actor=None, user=liaison, institution=border)
    agreement = make_agreement("mou-i", [world["police"], border])
    req = request_create(actor=world["investigator"], institution=border, agreement=agreement, category="persons",
                         question="Crossings", reason="Route", case=world["case"])
    InformationRequest.objects.filter(pk=req.pk).update(created_at=timezone.now() - dt.timedelta(days=4))
    req.refresh_from_db()
    request_answer(actor=liaison, req=req, expected_version=req.version, answer="Two")
    year = timezone.localdate().year
    facts = list(indicator("cooperation_requests").facts(Scope(), year))  # type: ignore[union-attr]
    assert [f.categories for f in facts] == [{"request_category": "persons", "request_status": "answered"}]
    [duration] = indicator("cooperation_answer_time").durations(Scope(), year)  # type: ignore[union-attr]
    assert duration.days == 4 and duration.categories == {"request_category": "persons"}
    other_units = Scope(unit_ids=frozenset({world["lpz"].pk + 999}))
    assert list(indicator("cooperation_requests").facts(other_units, year)) == []  # type: ignore[union-attr]
