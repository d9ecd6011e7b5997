"""The auditor's filters by person, case reference, kind of action and period; the CSV export of the
filtered log; the reveals report and its CSV. Auditors only; every one of these reads is audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from enlace.audit.models import AuditEntry
from enlace.audit.terms import search_digests
from enlace.cases.services import case_create
from enlace.cases.services_persons import case_person_add
from enlace.persons.services import PersonInput, person_identity_reveal

pytestmark = pytest.mark.django_db

LIST, EXPORT = reverse("audit:list"), reverse("audit:export")
REVEALS, REVEALS_EXPORT = reverse("audit:reveals"), reverse("audit:reveals_export")
SUGGEST = reverse("audit:suggest")
REASON = "Court hearing on 12 May needs the victim's name"


@pytest.fixture
def day(world):
    """A day's work: a person added to the case and revealed, a second case, a formula-looking name."""
    inv, pros = world["investigator"], world["prosecutor"]
    inv.first_name, inv.last_name = "María", "Quispe"
    inv.save()
    pros.first_name, pros.last_name = "=HYPERLINK(\"http://x\")", "Rojas"
    pros.save()
    cp = case_person_add(actor=inv, case=world["case"], role="presumed_victim",
                         data=PersonInput(given_names="Rosa", first_surname="Mamani"))
    person_identity_reveal(actor=inv, person=cp.person, reason=REASON)
    person_identity_reveal(actor=pros, person=cp.person, reason="=cmd|' /C calc'!A0 for the file")
    other = case_create(actor=inv, title="Brick kiln", lead_institution=world["police"], lead_unit=world["lpz"],
                        reference_number="FELCC-LP-2026-002")
    return {**world, "person": cp.person, "other_case": other}


def _client(user, lang="en") -> Client:
    c = Client(headers={"accept-language": lang})
    c.force_login(user)
    return c


def _rows(resp) -> list[AuditEntry]:
    return [e for e in resp.context["page_obj"].object_list if not e.action.startswith("audit.")]


def _csv(resp) -> list[list[str]]:
    assert resp["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(resp.streaming_content).decode())))


def test_filter_by_case_reference_not_internal_id(day):
    c = _client(day["auditor"])
    rows = _rows(c.get(LIST, {"case": "felcc-lp-2026-002"}))
    assert rows and all(e.case_id == day["other_case"].pk or e.object_id == str(day["other_case"].pk) for e in rows)
    assert {e.action for e in rows} >= {"case.create"}
    page = c.get(LIST).content.decode()
    for code_field in ('name="case_id"', 'name="action"', 'name="object_type"'):
        assert code_field not in page


def test_filter_by_person_pseudonym(day):
    c = _client(day["auditor"])
    rows = _rows(c.get(LIST, {"person": day["person"].pseudonym.lower()}))
    actions = {e.action for e in rows}
    assert {"case.person_add", "person.reveal"} <= actions
    assert actions <= {"case.person_add", "person.reveal", "person.create", "person.identifiers_add"}
    assert all(e.case_id != day["other_case"].pk for e in rows)
    form = c.get(LIST, {"person": "Mamani"}).context["form"]  # a name finds nothing: pseudonyms only
    assert form.errors["person"]


def test_filter_by_kind_of_action_and_user(day):
    c = _client(day["auditor"])
    assert {e.action for e in _rows(c.get(LIST, {"kind": "reveal"}))} == {"person.reveal"}
    rows = _rows(c.get(LIST, {"kind": "reveal", "user": day["prosecutor"].username}))
    assert [e.actor_id for e in rows] == [day["prosecutor"].pk]
    cases = {e.action for e in _rows(c.get(LIST, {"kind": "cases"}))}
    assert "case.create" in cases and not any(a.endswith(".read") for a in cases)


def test_kinds_and_actions_are_words_in_spanish(day):
    page = _client(day["auditor"], "es").get(LIST).content.decode()
    assert "Cambios en casos" in page and "Identidad revelada" in page
    assert "caso FELCC-LP-2026-001" in page
    assert "cases.case" not in page and "accounts.user" not in page


def test_suggestions_are_references_and_pseudonyms_only(day):
    c = _client(day["auditor"])
    html = c.get(SUGGEST, {"case": "FELCC-LP-2026"}).content.decode()
    assert "FELCC-LP-2026-001" in html and "FELCC-LP-2026-002" in html
    prefix = day["person"].pseudonym[:4]
    assert day["person"].pseudonym in c.get(SUGGEST, {"person": prefix}).content.decode()
    assert "<option" not in c.get(SUGGEST, {"person": "Mam"}).content.decode()
    entry = AuditEntry.objects.filter(action="audit.suggest.search").latest("seq")
    assert entry.actor_id == day["auditor"].pk and "Mam" not in str(entry.details)
    assert search_digests("Mam")[0] in entry.details["search"]


def test_export_is_the_filtered_list_in_words_neutralised_and_audited(day):
    c = _client(day["auditor"])
    rows = _csv(c.get(EXPORT, {"kind": "reveal"}))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Entry", "Time", "User", "Action"]
    assert len(body) == 2 and {r[3] for r in body} == {"Identity revealed"}
    assert {r[5] for r in body} == {f"person {day['person'].pseudonym}"}
    assert "María Quispe" in {r[2] for r in body}
    assert "'=HYPERLINK(\"http://x\") Rojas" in {r[2] for r in body}  # a formula becomes text
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)
    assert "Mamani" not in str(rows) and REASON not in str(rows)  # the list shows no names, no reasons
    entry = AuditEntry.objects.filter(action="export.audit").latest("seq")
    assert entry.actor_id == day["auditor"].pk and entry.details["filters"] == {"kind": "reveal"}
    whole = _csv(c.get(EXPORT, {"case": "FELCC-LP-2026-001"}))
    assert all(r[6] == "FELCC-LP-2026-001" or r[5] == "case FELCC-LP-2026-001" for r in whole[1:])


def test_export_with_a_bad_filter_exports_nothing(day):
    c = _client(day["auditor"])
    resp = c.get(EXPORT, {"case": "NO-SUCH-CASE"})
    assert resp.status_code == 302 and resp.url.startswith(LIST)
    assert not AuditEntry.objects.filter(action="export.audit").exists()
    assert c.get(resp.url).context["form"].errors["case"]


def test_reveals_report_who_which_when_why(day):
    c = _client(day["auditor"])
    resp = c.get(REVEALS)
    reveals = resp.context["reveals"]
    assert [(r.who, r.subject) for r in reveals] == [
        ("=HYPERLINK(\"http://x\") Rojas", f"person {day['person'].pseudonym}"),
        ("María Quispe", f"person {day['person'].pseudonym}")]
    assert reveals[1].reason == REASON and escape(REASON) in resp.content.decode()
    assert "Mamani" not in resp.content.decode()
    read = AuditEntry.objects.filter(action="audit.reveals_read").latest("seq")
    assert read.actor_id == day["auditor"].pk
    only = c.get(REVEALS, {"user": day["investigator"].username, "person": day["person"].pseudonym}).context["reveals"]
    assert [r.who for r in only] == ["María Quispe"]
    assert c.get(REVEALS, {"date_from": "2099-01-01"}).context["reveals"] == []


def test_reveals_export_is_neutralised_and_audited(day):
    rows = _csv(_client(day["auditor"]).get(REVEALS_EXPORT, {"user": day["prosecutor"].username}))
    assert rows[0] == ["Entry", "Time", "Revealed by", "Identity of", "Reason given"]
    assert len(rows) == 2 and rows[1][4] == "'=cmd|' /C calc'!A0 for the file"
    assert rows[1][3] == f"person {day['person'].pseudonym}"
    entry = AuditEntry.objects.filter(action="export.audit_reveals").latest("seq")
    assert entry.details["filters"] == {"user": day["prosecutor"].username}


@pytest.mark.parametrize("role", ["investigator", "prosecutor", "supervisor", "screener", "service_provider",
                                  "liaison", "monitoring", "sysadmin"])
def test_only_auditors(day, role):
    c = _client(day[role])
    before = AuditEntry.objects.filter(action__in=["export.audit", "export.audit_reveals", "audit.reveals_read",
                                                   "audit.suggest.search"]).count()
    for url, params in [(EXPORT, {}), (REVEALS, {}), (REVEALS_EXPORT, {}), (SUGGEST, {"case": "FELCC"})]:
        assert c.get(url, params).status_code == 404
    assert AuditEntry.objects.filter(action__in=["export.audit", "export.audit_reveals", "audit.reveals_read",
                                                 "audit.suggest.search"]).count() == before
