"""Cases over the API: list, create, read, update, status; need-to-know as in the UI."""

import uuid

import pytest

from enlace.audit.models import AuditEntry
from enlace.cases.models import Case, CaseSharing
from enlace.cases.services import CaseChanges, case_create, case_update
from enlace.cases.tests.factories import add_participant

pytestmark = pytest.mark.django_db

EN = {"Accept-Language": "en"}


@pytest.fixture
def outsider_case(world):
    """A case of another institution: invisible to the La Paz team."""
    return case_create(actor=world["outsider"], title="Mine camp Potosí", lead_institution=world["other"],
                       forms_of_exploitation=["sexual"])


# --- list ------------------------------------------------------------------------------

def test_list_shows_and_counts_only_visible_cases(world, outsider_case, api_as):
    body = api_as(world["investigator"]).get("/cases").json()
    assert body["count"] == 1
    assert [c["id"] for c in body["items"]] == [str(world["case"].public_id)]
    other = api_as(world["outsider"]).get("/cases").json()
    assert other["count"] == 1
    assert [c["id"] for c in other["items"]] == [str(outsider_case.public_id)]


@pytest.mark.parametrize("role", ["auditor", "sysadmin", "monitoring", "screener"])
def test_roles_without_case_work_see_an_empty_list(world, api_as, role):
    body = api_as(world[role]).get("/cases").json()
    assert body == {"items": [], "count": 0, "page": 1, "page_size": 50}


def test_list_item_fields(world, api_as):
    item = api_as(world["investigator"]).get("/cases").json()["items"][0]
    assert set(item) == {"id", "version", "title", "status", "forms_of_exploitation", "labour_sectors", "tags",
                         "is_transnational", "reported_on", "lead_institution", "lead_unit", "team", "references",
                         "created_at", "updated_at"}
    assert item["references"] == [{"institution": "police", "number": "FELCC-LP-2026-001"}]
    assert item["team"]["code"] == "eme-lpz"


def test_list_filters(world, api_as):
    api = api_as(world["investigator"])
    case_create(actor=world["investigator"], title="Bar in Santa Cruz", lead_institution=world["police"],
                team=world["team"], forms_of_exploitation=["sexual"], tags=["bar"])
    assert api.get("/cases").json()["count"] == 2
    assert [c["title"] for c in api.get("/cases?form=sexual").json()["items"]] == ["Bar in Santa Cruz"]
    assert [c["title"] for c in api.get("/cases?q=textile").json()["items"]] == ["Textile workshop El Alto"]
    assert api.get("/cases?q=FELCC-LP-2026-001").json()["count"] == 1
    assert api.get("/cases?status=reported").json()["count"] == 2
    assert api.get("/cases?status=trial").json()["count"] == 0
    assert api.get("/cases?transnational=true").json()["count"] == 0
    assert api.get("/cases?transnational=false").json()["count"] == 2


def test_list_pagination(world, api_as):
    api = api_as(world["investigator"])
    case_create(actor=world["investigator"], title="Second", lead_institution=world["police"], team=world["team"])
    first = api.get("/cases?page_size=1").json()
    second = api.get("/cases?page_size=1&page=2").json()
    assert (first["count"], second["count"]) == (2, 2)
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert api.get("/cases?page=3&page_size=1").json()["items"] == []


@pytest.mark.parametrize("query, field", [("status=bogus", "status"), ("form=bogus", "form"),
                                          ("page=0", "page"), ("page_size=1000", "page_size"),
                                          ("transnational=perhaps", "transnational")])
def test_invalid_filters_are_422_with_the_field(world, api_as, query, field):
    r = api_as(world["investigator"]).get(f"/cases?{query}")
    assert r.status_code == 422
    assert field in r.json()["errors"]


# --- create ----------------------------------------------------------------------------

def test_create_case(world, api_as):
    api = api_as(world["investigator"])
    r = api.post("/cases", {"title": "Brick kiln Viacha", "summary": "Families working off a debt.",
                            "team_id": world["team"].pk, "lead_unit_id": world["lpz"].pk,
                            "forms_of_exploitation": ["forced_labour"], "labour_sectors": ["construction"],
                            "tags": ["kiln"], "reported_on": "2026-03-01", "reference_number": "FELCC-LP-2026-002"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["version"] == 1 and body["access"] == "full" and body["can_edit"] is True
    assert body["lead_institution"]["code"] == "police"
    assert body["references"] == [{"institution": "police", "number": "FELCC-LP-2026-002"}]
    case = Case.objects.get(public_id=body["id"])
    assert case.summary == "Families working off a debt."
    assert AuditEntry.objects.filter(action="case.create", object_id=str(case.pk), actor=world["investigator"]).exists()
    # The prosecutor on the same team sees it; the outsider does not.
    assert api_as(world["prosecutor"]).get(f"/cases/{case.public_id}").status_code == 200
    assert api_as(world["outsider"]).get(f"/cases/{case.public_id}").status_code == 404


def test_create_without_team_keeps_the_creator_on_the_case(world, api_as):
    api = api_as(world["investigator"])
    case_id = api.post("/cases", {"title": "Alone"}).json()["id"]
    assert api.get(f"/cases/{case_id}").status_code == 200


def test_create_in_someone_elses_team_is_refused(world, api_as):
    r = api_as(world["outsider"]).post("/cases", {"title": "Pushed", "team_id": world["team"].pk}, **EN)
    assert r.status_code == 400
    assert r.json()["errors"] == {"team_id": ["Choose one of your teams."]}


def test_create_for_another_institution_is_forbidden(world, api_as):
    r = api_as(world["investigator"]).post("/cases", {"title": "x", "lead_institution_id": world["other"].pk})
    assert r.status_code == 403
    assert set(r.json()) == {"message", "errors"}


@pytest.mark.parametrize("role", ["screener", "liaison", "auditor", "sysadmin"])
def test_roles_that_do_not_open_cases_get_403(world, api_as, role):
    assert api_as(world[role]).post("/cases", {"title": "Not mine to open"}).status_code == 403


@pytest.mark.parametrize("payload, field, status", [
    ({}, "title", 422),
    ({"title": ""}, "title", 422),
    ({"title": "x" * 201}, "title", 422),
    ({"title": "ok", "forms_of_exploitation": ["made_up"]}, "forms_of_exploitation.0", 422),
    ({"title": "ok", "reported_on": "yesterday"}, "reported_on", 422),
    ({"title": "ok", "team_id": "abc"}, "team_id", 422),
    ({"title": "ok", "colour": "red"}, "colour", 422),
    ({"title": "   "}, "title", 400),
    ({"title": "ok", "lead_unit_id": 999999}, "lead_unit_id", 400),
])
def test_invalid_create_input_gives_field_errors_not_500(world, api_as, payload, field, status):
    before = Case.objects.count()
    r = api_as(world["investigator"]).post("/cases", payload)
    assert r.status_code == status, r.content
    body = r.json()
    assert field in body["errors"] and body["errors"][field]
    assert isinstance(body["message"], str)
    assert Case.objects.count() == before


def test_invalid_json_body_is_400_json(world, api_as):
    r = api_as(world["investigator"]).post("/cases", "{not json", **EN)
    assert r.status_code == 400
    assert r.json() == {"message": "The request body is not valid JSON.", "errors": {}}


# --- read ------------------------------------------------------------------------------

def test_read_case_is_audited(world, api_as):
    case = world["case"]
    r = api_as(world["prosecutor"]).get(f"/cases/{case.public_id}")
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == "Textile workshop El Alto"
    assert body["access"] == "full" and body["can_edit"] is True
    assert body["places"] == []
    assert AuditEntry.objects.filter(action="case.read", case_id=case.pk, actor=world["prosecutor"]).count() == 1


@pytest.mark.parametrize("role", ["outsider", "other_supervisor", "screener", "auditor", "sysadmin", "monitoring",
                                  "liaison", "service_provider"])
def test_outsider_gets_the_same_404_as_for_a_missing_case(world, api_as, role):
    case = world["case"]
    missing_id = uuid.uuid4()
    api = api_as(world[role])
    for method, suffix, data in [("get", "", None), ("patch", "", {"version": 1, "title": "x"}),
                                 ("post", "/status", {"version": 1, "to_status": "investigation"}),
                                 ("get", "/participants", None),
                                 ("post", "/participants", {"role": "witness", "person": {}})]:
        args = () if data is None else (data,)
        hidden = getattr(api, method)(f"/cases/{case.public_id}{suffix}", *args)
        missing = getattr(api, method)(f"/cases/{missing_id}{suffix}", *args)
        assert hidden.status_code == missing.status_code == 404, (method, suffix)
        assert hidden.content == missing.content
        assert set(hidden.json()) == {"message", "errors"} and hidden.json()["errors"] == {}
    case.refresh_from_db()
    assert case.version == 1


def test_summary_sharing_reads_the_case_but_not_its_summary_or_persons(world, api_as):
    case = world["case"]
    case_update(actor=world["investigator"], case=case, expected_version=1, changes=CaseChanges(summary="Rescued: Juana Ticona"))
    CaseSharing.objects.create(case=case, institution=world["other"], scope="summary", purpose="Joint operation")
    api = api_as(world["liaison"])
    r = api.get(f"/cases/{case.public_id}")
    body = r.json()
    assert body["access"] == "summary" and body["can_edit"] is False
    assert body["summary"] is None and "Ticona" not in r.content.decode()
    assert api_as(world["prosecutor"]).get(f"/cases/{case.public_id}").json()["summary"] == "Rescued: Juana Ticona"
    assert api.get("/cases").json()["count"] == 1
    assert api.get(f"/cases/{case.public_id}/participants").status_code == 403
    assert api.patch(f"/cases/{case.public_id}", {"version": 2, "title": "x"}).status_code == 403


# --- update ----------------------------------------------------------------------------

def test_update_changes_only_the_fields_sent(world, api_as):
    case = world["case"]
    r = api_as(world["investigator"]).patch(f"/cases/{case.public_id}", {"version": 1, "title": "Renamed",
                                                                  "labour_sectors": ["agriculture"]})
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["title"], body["labour_sectors"], body["version"]) == ("Renamed", ["agriculture"], 2)
    assert body["forms_of_exploitation"] == ["forced_labour"]
    e = AuditEntry.objects.filter(action="case.update").latest("seq")
    assert e.details["changes"]["title"] == {"old": "Textile workshop El Alto", "new": "Renamed"}


def test_stale_version_is_a_409_with_the_current_version(world, api_as):
    case = world["case"]
    first = api_as(world["investigator"]).patch(f"/cases/{case.public_id}", {"version": 1, "title": "First save"})
    assert first.status_code == 200
    second = api_as(world["prosecutor"]).patch(f"/cases/{case.public_id}", {"version": 1, "title": "Second save"})
    assert second.status_code == 409
    body = second.json()
    assert body["current_version"] == 2
    assert body["errors"] == {} and body["message"]
    case.refresh_from_db()
    assert case.title == "First save"


@pytest.mark.parametrize("payload, field, status", [
    ({"title": "no version"}, "version", 422),
    ({"version": 1, "title": None}, "title", 422),
    ({"version": 1, "tags": None}, "tags", 422),
    ({"version": 1, "status": "closed"}, "status", 422),
    ({"version": 1, "labour_sectors": ["space"]}, "labour_sectors.0", 422),
    ({"version": 1, "title": "  "}, "title", 400),
    ({"version": 1, "team_id": 999999}, "team_id", 400),
])
def test_invalid_update_input(world, api_as, payload, field, status):
    case = world["case"]
    r = api_as(world["investigator"]).patch(f"/cases/{case.public_id}", payload)
    assert r.status_code == status, r.content
    assert field in r.json()["errors"]
    case.refresh_from_db()
    assert case.version == 1 and case.title == "Textile workshop El Alto"


def test_lead_unit_must_belong_to_the_lead_institution(world, api_as):
    from enlace.accounts.tests.factories import UnitFactory

    foreign = UnitFactory(institution=world["other"])
    r = api_as(world["investigator"]).patch(f"/cases/{world['case'].public_id}", {"version": 1, "lead_unit_id": foreign.pk})
    assert r.status_code == 400
    assert "lead_unit_id" in r.json()["errors"]


def test_prosecutor_can_edit_liaison_participant_cannot(world, api_as):
    case = world["case"]
    add_participant(actor=world["investigator"], case=case, user=world["liaison"])
    assert api_as(world["liaison"]).patch(f"/cases/{case.public_id}", {"version": 1, "title": "x"}).status_code == 403
    assert api_as(world["prosecutor"]).patch(f"/cases/{case.public_id}", {"version": 1, "title": "x"}).status_code == 200


# --- status ----------------------------------------------------------------------------

def test_status_change(world, api_as):
    case = world["case"]
    api = api_as(world["investigator"])
    r = api.post(f"/cases/{case.public_id}/status", {"version": 1, "to_status": "investigation", "note": "Raid done"})
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["version"]) == ("investigation", 2)
    assert AuditEntry.objects.filter(action="case.status", case_id=case.pk).exists()
    bad = api.post(f"/cases/{case.public_id}/status", {"version": 2, "to_status": "judgment"})
    assert bad.status_code == 400 and "to_status" in bad.json()["errors"]
    stale = api.post(f"/cases/{case.public_id}/status", {"version": 1, "to_status": "prosecution"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    unknown = api.post(f"/cases/{case.public_id}/status", {"version": 2, "to_status": "solved"})
    assert unknown.status_code == 422 and "to_status" in unknown.json()["errors"]
