"""Information requests: routing to the department's liaison, escalation, answers as disclosures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enlace.accounts.models import Unit
from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry
from enlace.cooperation import jobs
from enlace.cooperation.models import InformationRequest, Notice
from enlace.cooperation.selectors import monitoring_figures, request_get
from enlace.cooperation.services import liaison_name
from enlace.cooperation.services_requests import (
    request_answer,
    request_create,
    request_move,
    request_withdraw,
)
from enlace.cooperation.tests.factories import make_agreement
from enlace.core.disclosure import DisclosureRefused
from enlace.core.errors import Conflict, Forbidden, NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaisons(world):
    """The prosecution service's liaisons: one national, one for La Paz (the case's department)."""
    fiscalia = world["fiscalia"]
    lpz = Unit.objects.create(institution=fiscalia, code="fiscalia-lpz", name="Fiscalía La Paz", subdivision="BO-L")
    national = make_user("liaison", institution=fiscalia, username="fis_nal")
    la_paz = make_user("liaison", unit=lpz, username="fis_lpz")
    liaison_name(actor=None, user=national, institution=fiscalia)
    liaison_name(actor=None, user=la_paz, institution=fiscalia, subdivision="BO-L")
    return {"national": national, "la_paz": la_paz}


def ask(world, *, case=True, category="case_summary", **kw):
    return request_create(actor=world["investigator"], institution=world["fiscalia"], agreement=world["agreement"],
                          category=category, question="Hearing dates", reason="Coordination",
                          case=world["case"] if case else None, **kw)


def test_a_request_goes_to_the_liaison_of_the_case_department(world, liaisons):
    req = ask(world)
    assert req.assigned_to == liaisons["la_paz"] and req.subdivision == "BO-L"
    assert Notice.objects.get(request=req).user == liaisons["la_paz"]
    assert req.due_on == timezone.localdate() + dt.timedelta(days=15)  # the agreement's time to answer


def test_without_a_departmental_liaison_the_national_one_receives_it(world, liaisons):
    req = ask(world, case=False, subdivision="BO-C")
    assert req.assigned_to == liaisons["national"]


def test_urgency_shortens_the_default_deadline(world, liaisons):
    assert ask(world, urgency="immediate").due_on == timezone.localdate() + dt.timedelta(days=1)


def test_an_institution_without_liaison_cannot_be_asked(world):
    with pytest.raises(ValidationError):
        ask(world)


def test_an_agreement_not_binding_both_is_refused(world, liaisons):
    lonely = make_agreement("lonely", [world["police"], world["other"]])
    with pytest.raises(ValidationError):
        request_create(actor=world["investigator"], institution=world["fiscalia"], agreement=lonely,
                       category="case_summary", question="q", reason="r")


def test_overdue_requests_escalate_to_the_national_liaison_once(world, liaisons):
    req = ask(world)
    on_time = ask(world)
    InformationRequest.objects.filter(pk=req.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert jobs.escalate_overdue() == {"escalated": 1}
    req.refresh_from_db()
    assert req.assigned_to == liaisons["national"] and req.escalated_at is not None
    assert set(Notice.objects.filter(kind="request_escalated").values_list("user__username", flat=True)) == {
        "fis_nal", "fis_lpz"}
    assert AuditEntry.objects.filter(action="cooperation.request_escalate").count() == 1
    assert jobs.escalate_overdue() == {"escalated": 0}
    on_time.refresh_from_db()
    assert on_time.escalated_at is None
    # Both liaisons still see it: the national one is now responsible.
    assert request_get(actor=liaisons["national"], request_id=req.public_id) == req


def test_reminders_once_a_day(world, liaisons):
    req = ask(world)
    InformationRequest.objects.filter(pk=req.pk).update(due_on=timezone.localdate() + dt.timedelta(days=1))
    assert jobs.remind_due() == {"reminded": 1}
    assert jobs.remind_due() == {"reminded": 0}


def test_the_answer_is_a_disclosure_the_requester_sees(world, liaisons):
    req = ask(world)
    receiver = liaisons["la_paz"]
    request_move(actor=receiver, req=req, expected_version=req.version, status="acknowledged")
    request_answer(actor=receiver, req=req, expected_version=req.version, answer="Hearing on 3 March")
    seen = request_get(actor=world["investigator"], request_id=req.public_id)
    assert seen.status == "answered" and seen.answer == "Hearing on 3 March"
    entry = AuditEntry.objects.get(action="cooperation.disclosure")
    assert entry.details["agreement"] == "world-eme" and entry.details["to"] == "police"
    assert Notice.objects.filter(user=world["investigator"], kind="request_answered").exists()


def test_time_to_answer_counts_the_office_days_not_utc_days(world, liaisons):
    """Asked at 19:00 and answered at 21:00 of one day in La Paz: between them the date in UTC
    changes, the office's does not, so the request was answered the same day."""
    req = ask(world)
    request_answer(actor=liaisons["la_paz"], req=req, expected_version=req.version, answer="Hearing on 3 March")
    la_paz = timezone.get_current_timezone()
    asked = dt.datetime(2026, 3, 10, 19, 0, tzinfo=la_paz)
    InformationRequest.objects.filter(pk=req.pk).update(created_at=asked, answered_at=asked + dt.timedelta(hours=2))
    assert str(la_paz) == "America/La_Paz"
    assert monitoring_figures(actor=world["investigator"])["median_days"] == 0


def test_an_answer_the_agreement_no_longer_allows_is_refused(world, liaisons):
    req = ask(world)
    world["agreement"].status = "suspended"
    world["agreement"].save(update_fields=["status"])
    with pytest.raises(DisclosureRefused) as refused:
        request_answer(actor=liaisons["la_paz"], req=req, expected_version=req.version, answer="x")
    assert "world-eme" in str(refused.value)
    assert InformationRequest.objects.get(pk=req.pk).status == "sent"


def test_identities_never_go_to_a_liaison(world, liaisons):
    asker = world["liaison"]  # the other institution's liaison (a case role, no reveal)
    req = request_create(actor=asker, institution=world["fiscalia"], agreement=world["agreement"],
                         category="identities", question="Who is V-1?", reason="r")
    make_agreement("with-identities", [world["fiscalia"], world["other"]], categories=["identities"])
    with pytest.raises(DisclosureRefused) as refused:
        request_answer(actor=liaisons["national"], req=req, expected_version=req.version, answer="names")
    assert "liaison" in str(refused.value)


def test_moves_refusal_withdrawal_and_who_may_make_them(world, liaisons):
    req = ask(world)
    with pytest.raises(Forbidden):
        request_move(actor=world["investigator"], req=req, expected_version=req.version, status="acknowledged")
    with pytest.raises(ValidationError):
        request_move(actor=liaisons["la_paz"], req=req, expected_version=req.version, status="refused")
    with pytest.raises(Conflict):
        request_move(actor=liaisons["la_paz"], req=req, expected_version=req.version, status="answered")
    with pytest.raises(Forbidden):
        request_withdraw(actor=liaisons["la_paz"], req=req, expected_version=req.version)
    request_withdraw(actor=world["investigator"], req=req, expected_version=req.version)
    with pytest.raises(Conflict):
        request_answer(actor=liaisons["la_paz"], req=req, expected_version=req.version, answer="late")


def test_a_request_is_hidden_from_everyone_else(world, liaisons):
    req = ask(world)
    for user in (world["outsider"], world["prosecutor"], world["monitoring"]):
        with pytest.raises(NotFound):
            request_get(actor=user, request_id=req.public_id)


def test_the_liaison_directory_names_the_department_not_its_code(client, world, liaisons):
    client.force_login(world["investigator"])
    page = client.get("/cooperation/liaisons/").content.decode()
    assert "La Paz" in page and "BO-L" not in page
