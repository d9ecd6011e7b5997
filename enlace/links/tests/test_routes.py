"""Routes of visible cases (counts of cases and victims) and transnational flags."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.cases.services import case_create, case_place_add
from enlace.geo.models import Municipality
from enlace.geo.services import municipalities_load
from enlace.links.routes import case_route, flow_diagram, route_summary
from enlace.links.transnational import transnational
from enlace.persons.models import Person

from .links_factories import add_person, other_unit_world, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def routes_world(world):
    inv, police, lpz, team = world["investigator"], world["police"], world["lpz"], world["team"]
    w = other_unit_world(world)
    case1 = world["case"]
    route(inv, case1, ("origin", "BO", "BO-L"), ("transit", "BO", "BO-P"), ("exploitation", "AR", ""))
    add_person(inv, case1, role="victim", given_names="Ana", first_surname="Mamani")
    add_person(inv, case1, role="presumed_victim", given_names="Eva", first_surname="Quispe")
    case2 = case_create(actor=inv, title="Chaco farm", lead_institution=police, lead_unit=lpz, team=team)
    route(inv, case2, ("recruitment", "BO", "BO-L"), ("transit", "BO", "BO-P"), ("destination", "AR", ""))
    add_person(inv, case2, role="victim", given_names="Luz", first_surname="Choque")
    case3 = case_create(actor=inv, title="El Alto market", lead_institution=police, lead_unit=lpz, team=team)
    route(inv, case3, ("origin", "BO", "BO-C"), ("exploitation", "BO", "BO-L"))
    route(w["cbba_inv"], w["cbba_case"], ("origin", "PE", ""), ("exploitation", "BO", "BO-C"))
    return {**world, **w, "case1": case1, "case2": case2, "case3": case3}


def test_routes_by_country_count_cases_and_victims(routes_world):
    summary = route_summary(actor=routes_world["investigator"])
    routes = {(r.origin, r.transits, r.destination): r for r in summary.routes}
    # The transit through Potosí stays visible although Potosí is in the origin's country.
    assert set(routes) == {("BO", ("BO-P",), "AR"), ("BO", (), "BO")}
    assert routes[("BO", ("BO-P",), "AR")].cases == 2 and routes[("BO", ("BO-P",), "AR")].victims == 3
    assert routes[("BO", ("BO-P",), "AR")].crosses_border and not routes[("BO", (), "BO")].crosses_border
    assert summary.cases_with_route == 3
    # The hidden Cochabamba case (Peru -> Bolivia) is not counted.
    assert all(r.origin != "PE" for r in summary.routes)


def test_routes_by_department_keep_transits(routes_world):
    summary = route_summary(actor=routes_world["investigator"], level="department")
    routes = {(r.origin, r.transits, r.destination) for r in summary.routes}
    assert ("BO-L", ("BO-P",), "AR") in routes and ("BO-C", (), "BO-L") in routes
    assert summary.labels["BO-P"].startswith("Potos")


def test_case_route_reads_places_in_order():
    places = [{"kind": "origin", "country": "PE", "subdivision": ""},
              {"kind": "transit", "country": "BO", "subdivision": "BO-L"},
              {"kind": "transit", "country": "BO", "subdivision": "BO-L"},
              {"kind": "destination", "country": "CL", "subdivision": ""}]
    assert case_route(places, "country") == ("PE", ("BO-L",), "CL", True)
    assert case_route([{"kind": "transit", "country": "BO", "subdivision": ""}], "country") is None


def test_flow_diagram_has_a_box_per_place_and_a_flow_per_segment(routes_world):
    summary = route_summary(actor=routes_world["investigator"], level="department")
    diagram = flow_diagram(summary, column_titles=("O", "T", "D"))
    assert {(b.column, b.key) for b in diagram.boxes} == {(0, "BO-L"), (0, "BO-C"), (1, "BO-P"), (2, "AR"), (2, "BO-L")}
    assert len(diagram.flows) == 3 and all(f.path.startswith("M") for f in diagram.flows)
    assert sum(f.cases for f in diagram.flows if f.crosses_border) == 4  # 2 cases x 2 segments


def test_routes_page_draws_svg_without_inline_style(client, routes_world):
    client.force_login(routes_world["investigator"])
    html = client.get(reverse("links:routes")).content.decode()
    assert "<svg" in html and 'class="flow flow--border"' in html and 'style="' not in html
    assert "Argentina" in html and "Peru" not in html
    assert client.get(reverse("links:routes"), {"level": "department"}).status_code == 200


def test_crossing_cases_and_entities_in_two_countries(routes_world):
    inv = routes_world["investigator"]
    recruiter = add_person(inv, routes_world["case3"], given_names="Wilfredo", first_surname="Choque",
                           phones=["76543210"])
    add_person(inv, routes_world["case1"], given_names="Freddy", first_surname="Limachi", phones=["+59176543210"])
    data = transnational(actor=inv)
    assert {c["id"] for c in data.crossing_cases} == {routes_world["case1"].pk, routes_world["case2"].pk}
    flagged = {e.kind: e for e in data.entities}
    assert "phone" in flagged and flagged["phone"].countries == ["AR", "BO"]
    assert flagged["phone"].label == "+59176543210"  # suspects' identifiers are visible to case workers
    focus = transnational(actor=inv, focus_case_id=routes_world["case3"].pk)
    assert [e.kind for e in focus.entities] == ["phone"]
    assert recruiter.pk  # the person itself is in one case only: not flagged
    assert "person" not in flagged


def test_same_person_in_two_countries_is_flagged_and_hidden_cases_are_ignored(routes_world):
    inv = routes_world["investigator"]
    p = add_person(inv, routes_world["case1"], given_names="Hugo", first_surname="Ticona")
    from enlace.cases.services_persons import case_person_add

    case_person_add(actor=inv, case=routes_world["case3"], role="suspect", person=Person.objects.get(pk=p.pk))
    data = transnational(actor=inv)
    people = [e for e in data.entities if e.kind == "person"]
    assert len(people) == 1 and people[0].label == "Hugo Ticona"
    assert routes_world["cbba_case"].pk not in {c["id"] for e in data.entities for c in e.cases}
    client_html = transnational(actor=routes_world["cbba_inv"])
    assert routes_world["case1"].pk not in {c["id"] for c in client_html.crossing_cases}


def test_transnational_page(client, routes_world):
    client.force_login(routes_world["investigator"])
    html = client.get(reverse("links:transnational")).content.decode()
    assert "Chaco farm" in html and routes_world["cbba_case"].title not in html


def test_a_case_through_desaguadero_draws_the_border_town(client, routes_world):
    inv = routes_world["investigator"]
    municipalities_load()  # the reference places (a transactional test on this worker may have flushed them)
    town = Municipality.objects.get(code="BO-L-0401")  # Desaguadero
    case = case_create(actor=inv, title="Juliaca bars", lead_institution=routes_world["police"],
                       lead_unit=routes_world["lpz"], team=routes_world["team"])
    case_place_add(actor=inv, case=case, kind="recruitment", country="BO", subdivision="BO-L")
    case_place_add(actor=inv, case=case, kind="transit", country="BO", subdivision="BO-L", municipality=town)
    case_place_add(actor=inv, case=case, kind="exploitation", country="PE", subdivision="PE-PUN")
    for level in ("country", "department"):
        summary = route_summary(actor=inv, level=level)
        assert any(r.transits == ("BO-L-0401",) for r in summary.routes), level
        assert summary.labels["BO-L-0401"] == "Desaguadero (La Paz)"
    client.force_login(inv)
    html = client.get(reverse("links:routes")).content.decode()
    assert "Desaguadero (La Paz)" in html
