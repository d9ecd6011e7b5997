"""The small forms on the case page tabs: valid input saves (full page and htmx), invalid
input comes back with field errors (200, never a 500), and nothing is written."""

import pytest
from django.urls import reverse

from enlace.accounts.models import AccessGrantRequest
from enlace.accounts.services_grants import grant_approve
from enlace.audit.models import AuditEntry
from enlace.cases.models import (
    CaseEvent,
    CaseNote,
    CaseParticipant,
    CasePlace,
    CaseReference,
    CaseSharing,
    CaseTask,
)
from enlace.cases.services import case_task_add, case_task_complete
from enlace.cases.tests.factories import share_case

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true", "HX-Target": "case-tabs"}


@pytest.fixture
def inv(world, client):
    client.force_login(world["investigator"])
    return client


def url(name, world, *extra):
    return reverse(f"cases:{name}", args=[world["case"].public_id, *extra])


def test_note_full_page_post_redirects_to_the_tab(world, inv):
    r = inv.post(url("note_add", world), {"text": "Interview planned with the labour inspector."})
    assert r.status_code == 302 and r["Location"].endswith("?tab=notes")
    assert CaseNote.objects.get().text == "Interview planned with the labour inspector."
    page = inv.get(r["Location"]).content.decode()
    assert "Interview planned" in page and "Note added." in page


def test_note_htmx_post_returns_the_tab_region(world, inv):
    r = inv.post(url("note_add", world), {"text": "Via htmx"}, headers=HTMX)
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "Via htmx" in body and "Note added." in body


def test_note_empty_is_a_field_error(world, inv):
    for headers in ({}, HTMX):
        r = inv.post(url("note_add", world), {"text": "   "}, headers=headers)
        assert r.status_code == 200 and "text" in r.context["note_form"].errors
    assert not CaseNote.objects.exists()


def test_get_on_a_form_url_leads_back_to_the_tab(world, inv):
    r = inv.get(url("note_add", world))
    assert r.status_code == 302 and r["Location"].endswith("?tab=notes")


def test_place_add_and_route_order(world, inv):
    r = inv.post(url("place_add", world), {"kind": "destination", "country": "AR", "description": "Workshop"})
    assert r.status_code == 302
    inv.post(url("place_add", world), {"kind": "origin", "country": "BO", "subdivision": "BO-L"})
    inv.post(url("place_add", world), {"kind": "transit", "country": "BO", "subdivision": "BO-P"})
    page = inv.get(url("detail", world), {"tab": "places"})
    kinds = [row["place"].kind for row in page.context["place_rows"]]
    assert kinds == ["origin", "transit", "destination"]
    body = page.content.decode()
    assert "Argentina" in body and "La Paz" in body
    world["case"].refresh_from_db()
    assert world["case"].is_transnational


def test_place_invalid(world, inv):
    r = inv.post(url("place_add", world), {"kind": "origin", "country": "", "date_from": "2026-02-01",
                                           "date_to": "2026-01-01"})
    assert r.status_code == 200 and "country" in r.context["place_form"].errors
    r = inv.post(url("place_add", world), {"kind": "origin", "country": "BO", "date_from": "2026-02-01",
                                           "date_to": "2026-01-01"})
    assert r.status_code == 200 and "date_to" in r.context["place_form"].errors
    assert not CasePlace.objects.exists()


def test_place_refresh_offers_the_country_departments_and_saves_nothing(world, inv):
    r = inv.post(url("place_add", world), {"kind": "origin", "country": "PE", "refresh": "1"})
    assert r.status_code == 200 and not CasePlace.objects.exists()
    codes = {c for c, _n in r.context["place_form"].fields["subdivision"].choices}
    assert "PE-CUS" in codes and "BO-L" not in codes
    assert not r.context["place_form"].is_bound


def test_place_remove(world, inv):
    inv.post(url("place_add", world), {"kind": "origin", "country": "BO"})
    place = CasePlace.objects.get()
    assert inv.post(url("place_remove", world, place.pk)).status_code == 302
    assert not CasePlace.objects.exists()


def test_event_add_and_timeline_order(world, inv):
    assert inv.post(url("event_add", world), {"kind": "rescue", "occurred_on": "2020-01-15",
                                              "description": "Twelve workers rescued"}).status_code == 302
    r = inv.post(url("event_add", world), {"kind": "nope", "occurred_on": "not a date", "description": ""})
    assert r.status_code == 200 and {"kind", "occurred_on", "description"} <= set(r.context["event_form"].errors)
    assert CaseEvent.objects.count() == 1
    items = inv.get(url("detail", world), {"tab": "timeline"}).context["timeline"]
    assert [i.kind for i in items] == ["event", "status"]  # the rescue (2020) before the case was opened


def test_task_add_complete_and_conflict(world, inv):
    r = inv.post(url("task_add", world), {"title": "Request bank records", "due_on": "2020-01-01",
                                          "assignee": world["prosecutor"].pk})
    assert r.status_code == 302
    task = CaseTask.objects.get()
    page = inv.get(url("detail", world), {"tab": "tasks"}).content.decode()
    assert "Overdue" in page
    r = inv.post(url("task_complete", world, task.pk), {"version": task.version})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    r = inv.post(url("task_complete", world, task.pk), {"version": 1}, follow=True)
    assert "Someone else changed this record" in r.content.decode()


def test_task_complete_concurrent(world, inv):
    task = case_task_add(actor=world["investigator"], case=world["case"], title="Check the bus company")
    v = task.version
    case_task_complete(actor=world["prosecutor"], task=task, expected_version=v)
    r = inv.post(url("task_complete", world, task.pk), {"version": v}, headers=HTMX)
    assert r.status_code == 200 and "Someone else changed this record" in r.content.decode()


def test_task_invalid(world, inv):
    r = inv.post(url("task_add", world), {"title": "", "assignee": world["outsider"].pk})
    assert r.status_code == 200 and {"title", "assignee"} <= set(r.context["task_form"].errors)
    assert not CaseTask.objects.exists()


def test_reference_add_and_duplicate(world, inv, client):
    assert inv.post(url("reference_add", world), {"institution": world["police"].pk,
                                                  "number": "FELCC-LP-2026-777"}).status_code == 302
    # The same form sent again by the same user is a repeat (nothing saved twice); a colleague
    # entering the same number meets the duplicate error.
    assert inv.post(url("reference_add", world), {"institution": world["police"].pk,
                                                  "number": "FELCC-LP-2026-777"}).status_code == 302
    colleague = type(client)()
    colleague.force_login(world["supervisor"])
    r = colleague.post(url("reference_add", world), {"institution": world["police"].pk, "number": "FELCC-LP-2026-777"})
    assert r.status_code == 200 and "number" in r.context["reference_form"].errors
    assert CaseReference.objects.filter(number="FELCC-LP-2026-777").count() == 1


def test_reference_for_another_institution_is_refused(world, inv):
    r = inv.post(url("reference_add", world), {"institution": world["other"].pk, "number": "X-1"})
    assert r.status_code == 200 and "institution" in r.context["reference_form"].errors


def test_participant_add_waits_for_a_second_person(world, inv):
    r = inv.post(url("participant_add", world), {"user": world["other_supervisor"].pk})
    assert r.status_code == 302 and not CaseParticipant.objects.filter(user=world["other_supervisor"]).exists()
    req = AccessGrantRequest.objects.get(kind="case.participant", status="pending")
    grant_approve(actor=world["supervisor"], request_id=req.pk)
    assert CaseParticipant.objects.filter(user=world["other_supervisor"]).exists()
    r = inv.post(url("participant_add", world), {"user": world["sysadmin"].pk})
    assert r.status_code == 200 and "user" in r.context["participant_form"].errors


def test_sharing_add_and_end(world, inv):
    r = inv.post(url("sharing_add", world), {"institution": world["other"].pk, "scope": "summary",
                                             "purpose": "Joint operation", "valid_until": "2030-01-01"})
    assert r.status_code == 302 and not CaseSharing.objects.exists()
    grant_approve(actor=world["supervisor"], request_id=AccessGrantRequest.objects.get(kind="case.share").pk)
    sharing = CaseSharing.objects.get()
    assert AuditEntry.objects.filter(action="permission.case_share", case_id=world["case"].pk).exists()
    r = inv.post(url("sharing_add", world), {"institution": world["other"].pk, "scope": "everything", "purpose": ""})
    assert r.status_code == 200 and {"scope", "purpose"} <= set(r.context["sharing_form"].errors)
    assert inv.post(url("sharing_end", world, sharing.pk)).status_code == 302
    sharing.refresh_from_db()
    assert not sharing.is_active


def test_write_forms_hidden_and_refused_for_readers(world, client):
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="full",
               purpose="Joint investigation team")
    client.force_login(world["liaison"])  # full access through the sharing, but a liaison does not edit
    r = client.get(url("detail", world), {"tab": "places"})
    assert r.status_code == 200 and "place_form" not in r.context
    assert client.post(url("place_add", world), {"kind": "origin", "country": "BO"}).status_code == 403
    assert client.post(url("note_add", world), {"text": "Liaisons may add notes"}).status_code == 302
