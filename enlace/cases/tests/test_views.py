"""Case pages: list, open, edit (optimistic locking), status, the case page and its tabs."""

import uuid

import pytest
from django.urls import reverse

from enlace.audit.models import AuditEntry
from enlace.cases.models import Case
from enlace.cases.services import CaseChanges, case_create, case_update
from enlace.cases.services_persons import RoleFields, case_person_add
from enlace.cases.tests.factories import share_case
from enlace.persons.services import PersonInput

pytestmark = pytest.mark.django_db

TABS = ["overview", "persons", "places", "timeline", "notes", "tasks", "access"]


def login(client, user):
    client.force_login(user)
    return client


def add_victim(world, **names):
    data = PersonInput(given_names=names.get("given_names", "Rosario"), first_surname=names.get("first_surname", "Quispe"),
                       documents=[("national_id", "4455667 LP", "BO")], phones=["71234567"])
    return case_person_add(actor=world["investigator"], case=world["case"], role="victim", data=data)


# --- list -------------------------------------------------------------------------------


def test_list_shows_visible_cases_with_count(world, client):
    r = login(client, world["investigator"]).get(reverse("cases:list"))
    assert r.status_code == 200
    assert "Textile workshop El Alto" in r.content.decode()
    assert r.context["page_obj"].paginator.count == 1


def test_list_counts_only_what_the_user_sees(world, client):
    case_create(actor=world["outsider"], title="Other institution's case", lead_institution=world["other"])
    r = login(client, world["investigator"]).get(reverse("cases:list"))
    assert r.context["page_obj"].paginator.count == 1
    assert "Other institution" not in r.content.decode()


def test_list_search_and_filters(world, client):
    login(client, world["investigator"])
    assert client.get(reverse("cases:list"), {"q": "FELCC-LP-2026"}).context["page_obj"].paginator.count == 1
    assert client.get(reverse("cases:list"), {"q": "nothing-like-this"}).context["page_obj"].paginator.count == 0
    assert client.get(reverse("cases:list"), {"status": "closed"}).context["page_obj"].paginator.count == 0
    assert client.get(reverse("cases:list"), {"form": "forced_labour", "transnational": "no",
                                              "team": world["team"].pk}).context["page_obj"].paginator.count == 1
    assert client.get(reverse("cases:list"), {"department": "BO-C"}).context["page_obj"].paginator.count == 0
    assert client.get(reverse("cases:list"), {"department": "BO-L"}).context["page_obj"].paginator.count == 1


def test_list_ignores_unknown_filter_values(world, client):
    r = login(client, world["investigator"]).get(reverse("cases:list"), {"status": "bogus", "team": "999999"})
    assert r.status_code == 200 and r.context["page_obj"].paginator.count == 1


def test_list_htmx_returns_only_the_results(world, client):
    r = login(client, world["investigator"]).get(reverse("cases:list"), {"q": "textile"},
                                                 headers={"HX-Request": "true", "HX-Target": "case-results"})
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and "Textile workshop" in body
    assert "HX-Request" in r["Vary"]


def test_list_paginates_by_fifty(world, client):
    for i in range(51):
        case_create(actor=world["investigator"], title=f"Case {i}", lead_institution=world["police"], team=world["team"])
    r = login(client, world["investigator"]).get(reverse("cases:list"))
    assert len(r.context["page_obj"].object_list) == 50 and r.context["page_obj"].paginator.num_pages == 2
    assert len(client.get(reverse("cases:list"), {"page": 2}).context["page_obj"].object_list) == 2


def test_list_forbidden_for_roles_without_case_work(world, client):
    assert login(client, world["screener"]).get(reverse("cases:list")).status_code == 403


# --- create / edit / status -------------------------------------------------------------


def test_create_case(world, client):
    login(client, world["investigator"])
    assert client.get(reverse("cases:create")).status_code == 200
    r = client.post(reverse("cases:create"), {
        "title": "Brick kiln Cochabamba", "lead_institution": world["police"].pk, "lead_unit": world["lpz"].pk,
        "team": world["team"].pk, "forms_of_exploitation": ["forced_labour", "child_labour"],
        "labour_sectors": ["construction"], "tags": "kiln, minors", "reference_number": "FELCC-LP-2026-002",
        "summary": "Report from a labour inspector.",
    })
    case = Case.objects.get(title="Brick kiln Cochabamba")
    assert r.status_code == 302 and r["Location"] == reverse("cases:detail", args=[case.public_id])
    assert case.tags == ["kiln", "minors"] and case.references.get().number == "FELCC-LP-2026-002"


def test_create_invalid_input_shows_field_errors(world, client):
    r = login(client, world["investigator"]).post(reverse("cases:create"), {
        "title": "", "lead_institution": world["other"].pk, "forms_of_exploitation": ["made_up"], "reported_on": "31/31/2026"})
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert {"title", "lead_institution", "forms_of_exploitation", "reported_on"} <= set(errors)
    assert Case.objects.count() == 1


def test_create_duplicate_reference_is_a_field_error_and_writes_nothing(world, client):
    r = login(client, world["investigator"]).post(reverse("cases:create"), {
        "title": "Second", "lead_institution": world["police"].pk, "reference_number": "FELCC-LP-2026-001"})
    assert r.status_code == 200 and "reference_number" in r.context["form"].errors
    assert not Case.objects.filter(title="Second").exists()


def test_create_forbidden_for_liaison(world, client):
    assert login(client, world["liaison"]).get(reverse("cases:create")).status_code == 403


def edit_data(case, **changes):
    data = {"title": case.title, "lead_unit": case.lead_unit_id or "", "team": case.team_id or "",
            "forms_of_exploitation": case.forms_of_exploitation, "labour_sectors": case.labour_sectors,
            "tags": ", ".join(case.tags), "summary": case.summary, "version": case.version}
    return {**data, **changes}


def test_edit_case(world, client):
    case = world["case"]
    login(client, world["investigator"])
    assert client.get(reverse("cases:edit", args=[case.public_id])).status_code == 200
    r = client.post(reverse("cases:edit", args=[case.public_id]), edit_data(
        case, title="Renamed", tags="a, b", forms_of_exploitation=["sexual"]))
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.title == "Renamed" and case.forms_of_exploitation == ["sexual"] and case.tags == ["a", "b"]


def test_edit_invalid_shows_errors(world, client):
    case = world["case"]
    r = login(client, world["investigator"]).post(reverse("cases:edit", args=[case.public_id]), edit_data(case, title=""))
    assert r.status_code == 200 and "title" in r.context["form"].errors


def test_concurrent_edit_shows_conflict_and_keeps_input(world, client):
    case = world["case"]
    loaded = case.version
    first = login(client, world["investigator"]).post(reverse("cases:edit", args=[case.public_id]),
                                                      edit_data(case, title="First save"))
    assert first.status_code == 302
    client.force_login(world["prosecutor"])
    r = client.post(reverse("cases:edit", args=[case.public_id]), edit_data(case, title="Second save", version=loaded))
    assert r.status_code == 200
    body = r.content.decode()
    assert "Someone else changed this record" in body
    assert 'value="Second save"' in body  # the user's input is kept
    case.refresh_from_db()
    assert case.title == "First save"


def test_status_offers_only_allowed_transitions(world, client):
    case = world["case"]
    r = login(client, world["investigator"]).get(reverse("cases:status", args=[case.public_id]))
    offered = {c for c, _l in r.context["form"].fields["to_status"].choices}
    assert offered == {"identification", "investigation", "closed"}
    bad = client.post(reverse("cases:status", args=[case.public_id]), {"to_status": "judgment", "version": case.version})
    assert bad.status_code == 200 and "to_status" in bad.context["form"].errors
    ok = client.post(reverse("cases:status", args=[case.public_id]), {"to_status": "investigation", "version": case.version,
                                                                "note": "Prosecutor opened the investigation"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.status == "investigation"
    timeline = client.get(reverse("cases:detail", args=[case.public_id]), {"tab": "timeline"}).content.decode()
    assert "Prosecutor opened the investigation" in timeline and "inv" in timeline


def test_status_conflict(world, client):
    case = world["case"]
    v = case.version
    case_update(actor=world["prosecutor"], case=case, expected_version=v, changes=CaseChanges(title="Changed meanwhile"))
    r = login(client, world["investigator"]).post(reverse("cases:status", args=[case.public_id]),
                                                  {"to_status": "investigation", "version": v})
    assert r.status_code == 200 and "Someone else changed this record" in r.content.decode()
    case.refresh_from_db()
    assert case.status == "reported"


# --- case page --------------------------------------------------------------------------


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_renders(world, client, tab):
    add_victim(world)
    r = login(client, world["investigator"]).get(reverse("cases:detail", args=[world["case"].public_id]), {"tab": tab})
    assert r.status_code == 200 and r.context["tab"] == tab


def test_tab_htmx_returns_the_tab_region_only(world, client):
    r = login(client, world["investigator"]).get(reverse("cases:detail", args=[world["case"].public_id]), {"tab": "notes"},
                                                 headers={"HX-Request": "true", "HX-Target": "case-tabs"})
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and 'aria-current="page"' in body


def test_overview_shows_the_case_fields(world, client):
    body = login(client, world["prosecutor"]).get(reverse("cases:detail", args=[world["case"].public_id])).content.decode()
    for text in ("FELCC-LP-2026-001", "Forced labour", "Manufacturing", "Reported"):
        assert text in body


def test_summary_sharing_shows_overview_only(world, client):
    add_victim(world)
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="summary",
                        purpose="Joint operation 2026-03")
    login(client, world["outsider"])
    url = reverse("cases:detail", args=[world["case"].public_id])
    r = client.get(url)
    assert r.status_code == 200 and [k for k, _l in r.context["tabs"]] == ["overview"]
    r = client.get(url, {"tab": "persons"})
    body = r.content.decode()
    assert r.context["tab"] == "overview" and "V-" not in body and "Quispe" not in body
    assert f'href="{url}?tab=persons"' not in body


def test_audit_tab_only_for_supervisor_of_the_lead_unit(world, client):
    url = reverse("cases:detail", args=[world["case"].public_id])
    r = login(client, world["investigator"]).get(url, {"tab": "audit"})
    assert r.context["tab"] == "overview" and f'href="{url}?tab=audit"' not in r.content.decode()
    r = login(client, world["supervisor"]).get(url, {"tab": "audit"})
    assert r.context["tab"] == "audit"
    assert f'href="{url}?tab=audit"' in r.content.decode()
    actions = [e.action for e in r.context["audit_page"].object_list]
    assert "case.create" in actions
    # Reading the trail is the request's entry, written when the page is made (after the query).
    newest = AuditEntry.objects.filter(case_id=world["case"].pk).latest("seq")
    assert (newest.action, newest.actor_id) == ("audit.case_read", world["supervisor"].pk)
    seqs = [e.seq for e in r.context["audit_page"].object_list]
    assert seqs == sorted(seqs, reverse=True)
    assert all(e.case_id == world["case"].pk for e in r.context["audit_page"].object_list)


def test_victim_name_not_in_case_page_without_reveal(world, client):
    add_victim(world)
    body = login(client, world["prosecutor"]).get(reverse("cases:detail", args=[world["case"].public_id]),
                                                  {"tab": "persons"}).content.decode()
    assert "V-LPZ-0001" in body
    assert "Rosario" not in body and "Quispe" not in body and "4455667" not in body


def test_suspect_name_is_shown(world, client):
    case_person_add(actor=world["investigator"], case=world["case"], role="suspect", data=PersonInput(given_names="Marco", first_surname="Villca"), role_fields=RoleFields(perpetrator_roles=["recruiter"]))
    body = login(client, world["prosecutor"]).get(reverse("cases:detail", args=[world["case"].public_id]),
                                                  {"tab": "persons"}).content.decode()
    assert "Marco Villca" in body and "Recruiter or intermediary" in body


# --- need-to-know: 404 for outsiders everywhere -----------------------------------------


def main_content(response) -> str:
    """The page's <main> (the rest carries per-request tokens and the path in the language switch)."""
    body = response.content.decode()
    assert "<main" in body
    return body[body.find("<main"):body.find("</main>")]


def case_urls(case_id):
    names = ["detail", "edit", "status", "person_add", "reference_add", "place_add", "event_add", "note_add",
             "task_add", "participant_add", "sharing_add"]
    urls = [reverse(f"cases:{n}", args=[case_id]) for n in names]
    urls += [reverse("cases:place_remove", args=[case_id, 1]), reverse("cases:task_complete", args=[case_id, 1]),
             reverse("cases:sharing_end", args=[case_id, 1])]
    return urls


@pytest.mark.parametrize("who", ["outsider", "other_supervisor", "liaison"])
def test_outsider_gets_404_on_every_case_url(world, client, who):
    login(client, world[who])
    for real, missing in zip(case_urls(world["case"].public_id), case_urls(uuid.uuid4()), strict=True):
        for method in (client.get, client.post):
            got, expected = method(real), method(missing)
            assert got.status_code == expected.status_code == 404, (method, real)
            assert main_content(got) == main_content(expected)
