"""Unlikely values are questioned and kept once confirmed: a future report or event date, a
judgment before trial, an age at exploitation the birth date contradicts (a minor recorded as 18)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases.models import CaseEvent, CasePerson
from enlace.cases.services import case_event_add, case_place_add
from enlace.cases.services_persons import RoleFields, case_person_add
from enlace.core.plausibility import age_range
from enlace.persons.services import PersonInput

from .test_views_persons import add_url, form_data

pytestmark = pytest.mark.django_db


def test_age_range_from_partial_birth_dates():
    on = dt.date(2026, 6, 15)
    assert age_range(year=2008, month=6, day=16, on=on) == (17, 17)
    assert age_range(year=2008, month=6, day=15, on=on) == (18, 18)
    assert age_range(year=2008, month=6, day=None, on=on) == (17, 18)
    assert age_range(year=2008, month=None, day=None, on=on) == (17, 18)
    assert age_range(year=None, month=None, day=None, on=on) is None


def test_a_judgment_before_trial_and_a_future_event_are_questioned(world):
    case, inv = world["case"], world["investigator"]
    with pytest.raises(ValidationError) as refused:
        case_event_add(actor=inv, case=case, kind="judgment", occurred_on=timezone.localdate(), description="Sentence")
    assert set(refused.value.message_dict) == {"kind", "confirm_unlikely"}
    future = timezone.localdate() + dt.timedelta(days=365 * 70)
    with pytest.raises(ValidationError) as refused:
        case_event_add(actor=inv, case=case, kind="hearing", occurred_on=future, description="Hearing")
    assert "occurred_on" in refused.value.message_dict and not CaseEvent.objects.exists()
    case_event_add(actor=inv, case=case, kind="judgment", occurred_on=future, description="Sentence",
                   confirm_unlikely=True)
    entry = AuditEntry.objects.filter(action="case.event_add").latest("seq")
    assert entry.details["confirmed_unlikely"] == ["kind", "occurred_on"]


def test_an_age_the_exploitation_dates_contradict_is_questioned(world):
    case, inv = world["case"], world["investigator"]
    case_place_add(actor=inv, case=case, kind="exploitation", country="BO", subdivision="BO-L",
                   date_from=dt.date(2024, 3, 1))
    minor = PersonInput(given_names="Rosa", birth_year=2008, birth_month=4, birth_day=12)  # 15 in March 2024
    with pytest.raises(ValidationError) as refused:
        case_person_add(actor=inv, case=case, role="presumed_victim", data=minor,
                        role_fields=RoleFields(age_at_exploitation=18))
    assert "a minor (15)" in refused.value.message_dict["age_at_exploitation"][0]
    case_person_add(actor=inv, case=case, role="presumed_victim", data=minor,
                    role_fields=RoleFields(age_at_exploitation=15))
    assert CasePerson.objects.get().age_at_exploitation == 15


def test_without_exploitation_dates_only_an_age_above_the_birth_date_is_questioned(world):
    case, inv = world["case"], world["investigator"]
    born = PersonInput(given_names="Ana", birth_year=2000)
    case_person_add(actor=inv, case=case, role="presumed_victim", data=born,  # exploited years before the report
                    role_fields=RoleFields(age_at_exploitation=12))
    with pytest.raises(ValidationError):
        case_person_add(actor=inv, case=case, role="presumed_victim", data=PersonInput(given_names="Eva", birth_year=2010),
                        role_fields=RoleFields(age_at_exploitation=40))


def test_the_form_shows_the_box_only_when_asked_and_keeps_the_value_once_ticked(world, client):
    client.force_login(world["investigator"])
    case_place_add(actor=world["investigator"], case=world["case"], kind="exploitation", country="BO",
                   subdivision="BO-L", date_from=dt.date(2024, 3, 1))
    page = client.get(add_url(world)).content.decode()
    assert 'type="hidden" name="confirm_unlikely"' in page
    data = form_data(role="presumed_victim", age_at_exploitation="18",
                     **{"p-given_names": "Rosa", "p-birth_day": "12", "p-birth_month": "4", "p-birth_year": "2008"})
    r = client.post(add_url(world), data)
    body = r.content.decode()
    assert r.status_code == 200 and 'type="checkbox" name="confirm_unlikely"' in body
    assert "makes the person a minor" in body and not CasePerson.objects.exists()
    data["confirm_unlikely"] = "on"
    assert client.post(add_url(world), data).status_code == 302
    assert CasePerson.objects.get().age_at_exploitation == 18


def test_a_future_report_date_is_questioned_on_the_case_form(world, client):
    client.force_login(world["investigator"])
    case = world["case"]
    url = reverse("cases:edit", args=[case.public_id])
    data = {"title": case.title, "summary": "", "reported_on": "2031-01-15", "version": case.version,
            "lead_unit": case.lead_unit_id or "", "team": case.team_id or ""}
    r = client.post(url, data)
    assert r.status_code == 200 and "This date is in the future" in r.content.decode()
    data["confirm_unlikely"] = "on"
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.reported_on == dt.date(2031, 1, 15)


def test_a_future_birth_date_is_refused(world, client):
    client.force_login(world["investigator"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = form_data(**{"p-given_names": "Rosa", "p-birth_day": str(tomorrow.day), "p-birth_month": str(tomorrow.month),
                        "p-birth_year": str(tomorrow.year)})
    r = client.post(add_url(world), data)
    refusal = "cannot be in the future" if tomorrow.year == timezone.localdate().year else "Enter a year between"
    assert r.status_code == 200 and refusal in r.content.decode() and not CasePerson.objects.exists()
