"""Writes over the API on notices, joint teams, joint plans and operations: the pages' rules (404 for
what the caller may not see, 403 for what they see but may not write), validation as 400, stale
versions as 409, and every status documented in the schema."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases.models import CasePerson
from enlace.cooperation.models_intl import InterpolNotice, JointInvestigationTeam
from enlace.cooperation.models_plans import JointPlan, Milestone, Operation
from enlace.cooperation.tests.test_views_api import api_for
from enlace.links.tests.links_factories import add_person

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _notice_body(world, **kw):
    return {"case_id": str(world["case"].public_id), "colour": "yellow", "ncb": "OCN La Paz",
            "purpose": "Missing child", "requested_on": TODAY.isoformat(), **kw}


def test_a_notice_is_recorded_and_moved_with_its_version(world):
    inv = world["investigator"]
    child = add_person(inv, world["case"], role="victim", given_names="Rosaura", first_surname="Tintaya",
                       birth_year=2012, sex="F")
    subject = CasePerson.objects.get(case=world["case"], person=child)
    api = api_for(inv)
    r = api.post("/cooperation/notices", _notice_body(world, subject_id=str(subject.public_id)))
    assert r.status_code == 201, r.content
    body = r.json()
    notice = InterpolNotice.objects.get(public_id=body["id"])
    assert body["status"] == "requested" and body["subject"] == child.pseudonym and notice.subject == subject
    assert AuditEntry.objects.filter(action="cooperation.notice_create", actor=inv).exists()
    path = f"/cooperation/notices/{body['id']}/status"
    r = api.post(path, {"version": body["version"], "status": "issued", "interpol_reference": "A-1234/5-2026"})
    assert r.status_code == 200 and r.json()["status"] == "issued" and r.json()["issued_on"] == TODAY.isoformat()
    stale = api.post(path, {"version": body["version"], "status": "cancelled"})
    assert stale.status_code == 409 and stale.json()["current_version"] == body["version"] + 1
    assert api.post(path, {"version": body["version"] + 1, "status": "requested"}).status_code == 400
    assert InterpolNotice.objects.get(pk=notice.pk).status == "issued"


def test_a_notice_follows_the_case_rule(world):
    r = api_for(world["outsider"]).post("/cooperation/notices", _notice_body(world))
    assert r.status_code == 404  # a case the caller may not see: as if missing
    assert api_for(world["investigator"]).post("/cooperation/notices", _notice_body(world, colour="pink")).status_code == 400
    extra = api_for(world["investigator"]).post("/cooperation/notices", _notice_body(world, reference="x"))
    assert extra.status_code == 422
    made = api_for(world["investigator"]).post("/cooperation/notices", _notice_body(world)).json()
    moved = api_for(world["outsider"]).post(f"/cooperation/notices/{made['id']}/status",
                                            {"version": made["version"], "status": "cancelled"})
    assert moved.status_code == 404
    assert not InterpolNotice.objects.exclude(status="requested").exists()


def _jit_body(world, **kw):
    return {"title": "ECI Bolivia-Chile", "legal_basis": "untoc_19", "purpose": "Network recruiting in Oruro",
            "applicable_law": "The law of the state where the team acts", "evidence_terms": "Shared by consent",
            "starts_on": (TODAY - dt.timedelta(days=10)).isoformat(),
            "expires_on": (TODAY + dt.timedelta(days=170)).isoformat(),
            "parties": [{"country": "BO", "authority": "Fiscalía General", "leader": "Fiscal Quispe"},
                        {"country": "CL", "authority": "Fiscalía Nacional", "leader": "Fiscal Soto"}],
            "members": [{"country": "BO", "name": "Sgto. Mamani", "function": "analyst"}],
            "case_id": str(world["case"].public_id), **kw}


def test_a_joint_team_is_set_up_and_extended_over_the_api(world):
    api = api_for(world["investigator"])
    one = api.post("/cooperation/teams", _jit_body(world, parties=[{"country": "BO", "authority": "F", "leader": "Q"}]))
    assert one.status_code == 400 and "parties" in one.json()["errors"]
    assert api.post("/cooperation/teams", _jit_body(world, legal_basis="bilateral")).status_code == 400
    r = api.post("/cooperation/teams", _jit_body(world))
    assert r.status_code == 201, r.content
    team = r.json()
    assert [p["country"] for p in team["parties"]] == ["BO", "CL"] and team["cases"] == [str(world["case"].public_id)]
    path = f"/cooperation/teams/{team['id']}/extensions"
    new_expiry = (TODAY + dt.timedelta(days=300)).isoformat()
    r = api.post(path, {"version": team["version"], "new_expiry": new_expiry, "agreed_on": TODAY.isoformat()})
    assert r.status_code == 200 and r.json()["expires_on"] == new_expiry
    later = (TODAY + dt.timedelta(days=400)).isoformat()
    again = api.post(path, {"version": team["version"], "new_expiry": later, "agreed_on": TODAY.isoformat()})
    assert again.status_code == 409 and again.json()["current_version"] == team["version"] + 1
    assert api_for(world["outsider"]).post(path, {"version": team["version"] + 1, "new_expiry": later,
                                                  "agreed_on": TODAY.isoformat()}).status_code == 404
    assert JointInvestigationTeam.objects.get(public_id=team["id"]).extensions.count() == 1


def test_a_case_is_linked_only_by_someone_who_edits_it(world):
    api = api_for(world["investigator"])
    team = api.post("/cooperation/teams", _jit_body(world, case_id=None)).json()
    assert team["cases"] == []
    # The prosecutor sees the team through nothing: 404; the investigator links the case.
    link = {"case_id": str(world["case"].public_id)}
    assert api_for(world["prosecutor"]).post(f"/cooperation/teams/{team['id']}/cases", link).status_code == 404
    r = api.post(f"/cooperation/teams/{team['id']}/cases", link)
    assert r.status_code == 200 and r.json()["cases"] == [str(world["case"].public_id)]


@pytest.fixture
def plan(world):
    r = api_for(world["supervisor"]).post("/cooperation/plans", {
        "code": "POC-API", "title": "Plan operativo conjunto", "institutions": ["police", "fiscalia"],
        "starts_on": (TODAY - dt.timedelta(days=30)).isoformat(), "ends_on": (TODAY + dt.timedelta(days=300)).isoformat(),
        "agreement_id": world["agreement"].pk})
    assert r.status_code == 201, r.content
    return r.json()


def test_a_plan_is_written_by_the_managers_of_its_parties(world, plan):
    body = {"code": "POC-X", "title": "X", "institutions": ["police", "fiscalia"], "starts_on": TODAY.isoformat(),
            "ends_on": TODAY.isoformat()}
    assert api_for(world["investigator"]).post("/cooperation/plans", body).status_code == 403
    single = api_for(world["supervisor"]).post("/cooperation/plans", {**body, "institutions": ["police"]})
    assert single.status_code == 400
    unknown = api_for(world["supervisor"]).post("/cooperation/plans", {**body, "institutions": ["police", "nobody"]})
    assert unknown.status_code == 400 and "institutions" in unknown.json()["errors"]
    assert api_for(world["outsider"]).post(f"/cooperation/plans/{plan['id']}/reports", {"text": "x"}).status_code == 404
    assert api_for(world["investigator"]).post(f"/cooperation/plans/{plan['id']}/reports",
                                               {"text": "x"}).status_code == 403  # sees the plan, does not manage it
    assert JointPlan.objects.get(public_id=plan["id"]).reports.count() == 0


def test_objectives_milestones_and_progress_over_the_api(world, plan):
    api, base = api_for(world["supervisor"]), f"/cooperation/plans/{plan['id']}"
    r = api.post(f"{base}/objectives", {"text": "Rescue victims in textile workshops", "institution": "police"})
    assert r.status_code == 201
    assert r.json()["objectives"] == 1
    objective = r.json()["objective_items"][0]
    assert objective["institution"] == "police"
    assert api.post(f"{base}/objectives", {"text": "x", "institution": "other-police"}).status_code == 400
    r = api.post(f"{base}/milestones", {"title": "First joint inspection",
                                        "due_on": (TODAY + dt.timedelta(days=7)).isoformat(),
                                        "objective_id": objective["id"]})
    assert r.status_code == 201
    milestone = r.json()["milestones"][0]
    assert milestone["status"] == "pending"
    assert api.post(f"{base}/milestones", {"title": "x", "due_on": TODAY.isoformat(),
                                           "objective_id": objective["id"] + 999}).status_code == 400
    r = api.post(f"{base}/milestones/{milestone['id']}/status", {"status": "met"})
    assert r.status_code == 200 and r.json()["milestones"][0]["done_on"] == TODAY.isoformat()
    assert api.post(f"{base}/milestones/{milestone['id'] + 999}/status", {"status": "met"}).status_code == 404
    assert api.post(f"{base}/milestones/{milestone['id']}/status", {"status": "lost"}).status_code == 400
    r = api.post(f"{base}/reports", {"text": "Two inspections done with the labour ministry."})
    assert r.status_code == 201 and r.json()["reports"] == 1
    assert Milestone.objects.get(pk=milestone["id"]).status == "met"


def test_an_operation_is_recorded_and_its_results_counted(world, plan):
    api = api_for(world["supervisor"])
    body = {"code": "OP-API", "name": "Operativo Frontera", "institutions": ["police", "fiscalia"],
            "countries": ["BO", "PE"], "starts_on": TODAY.isoformat(), "plan_id": plan["id"]}
    assert api_for(world["investigator"]).post("/cooperation/operations", body).status_code == 403
    assert api.post("/cooperation/operations", {**body, "countries": ["XX"]}).status_code == 400
    r = api.post("/cooperation/operations", body)
    assert r.status_code == 201, r.content
    op = r.json()
    assert op["phase"] == "assessment" and op["countries"] == ["BO", "PE"]
    assert Operation.objects.get(public_id=op["id"]).plan.code == "POC-API"
    path = f"/cooperation/operations/{op['id']}"
    results = {"version": op["version"], "phase": "operation", "persons_rescued": 7, "persons_arrested": 2,
               "places_inspected": 11}
    assert api.patch(path, {**results, "persons_rescued": -1}).status_code == 422
    assert api.patch(path, {**results, "phase": "party"}).status_code == 400
    r = api.patch(path, results)
    assert r.status_code == 200 and (r.json()["persons_rescued"], r.json()["phase"]) == (7, "operation")
    stale = api.patch(path, results)
    assert stale.status_code == 409 and stale.json()["current_version"] == op["version"] + 1
    assert api_for(world["outsider"]).patch(path, {**results, "version": op["version"] + 1}).status_code == 404
    link = api_for(world["investigator"]).post(f"{path}/cases", {"case_id": str(world["case"].public_id)})
    assert link.status_code == 200 and link.json()["cases"] == [str(world["case"].public_id)]


WRITES = {
    ("post", "/api/v1/cooperation/notices"): "201",
    ("post", "/api/v1/cooperation/notices/{notice_id}/status"): "200",
    ("post", "/api/v1/cooperation/teams"): "201",
    ("post", "/api/v1/cooperation/teams/{jit_id}/extensions"): "200",
    ("post", "/api/v1/cooperation/teams/{jit_id}/cases"): "200",
    ("post", "/api/v1/cooperation/mla/{mla_id}/cases"): "200",
    ("post", "/api/v1/cooperation/plans"): "201",
    ("post", "/api/v1/cooperation/plans/{plan_id}/objectives"): "201",
    ("post", "/api/v1/cooperation/plans/{plan_id}/milestones"): "201",
    ("post", "/api/v1/cooperation/plans/{plan_id}/milestones/{milestone_id}/status"): "200",
    ("post", "/api/v1/cooperation/plans/{plan_id}/reports"): "201",
    ("post", "/api/v1/cooperation/operations"): "201",
    ("patch", "/api/v1/cooperation/operations/{operation_id}"): "200",
    ("post", "/api/v1/cooperation/operations/{operation_id}/cases"): "200",
}
VERSIONED = {("post", "/api/v1/cooperation/notices/{notice_id}/status"),
             ("post", "/api/v1/cooperation/teams/{jit_id}/extensions"),
             ("patch", "/api/v1/cooperation/operations/{operation_id}")}


def test_the_schema_documents_every_status_of_the_writes(world):
    client = Client()
    client.force_login(world["investigator"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for (method, path), success in WRITES.items():
        responses = set(paths[path][method]["responses"])
        assert {success, "400", "401", "404", "422", "500"} <= responses, (method, path)
        assert ("409" in responses) == ((method, path) in VERSIONED), (method, path)
        if "{" in path:
            uuid_params = [p for p in paths[path][method]["parameters"] if p["in"] == "path"
                           and p["name"] != "milestone_id"]
            assert uuid_params and all(p["schema"].get("format") == "uuid" for p in uuid_params), path
