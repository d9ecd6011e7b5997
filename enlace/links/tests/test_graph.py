"""The network: visible entities only, hidden ones as a hit node; communities, brokers, paths."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from enlace.cases.services import case_create
from enlace.links.graph import NetworkBuilder, network_around, path_between
from enlace.links.graph_view import analyse, to_elements
from enlace.persons.models import BankAccount, Organisation

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def net_world(world):
    """Two La Paz cases joined by a recruiter's phone; a hidden Cochabamba case with the same phone."""
    inv, police, lpz, team = world["investigator"], world["police"], world["lpz"], world["team"]
    w = other_unit_world(world)
    case2 = case_create(actor=inv, title="Brick kiln Achocalla", lead_institution=police, lead_unit=lpz, team=team)
    recruiter = add_person(inv, world["case"], given_names="Wilfredo", first_surname="Choque", phones=["76543210"])
    victim = add_person(inv, world["case"], role="victim", given_names="Rosa", first_surname="Apaza", birth_year=2006)
    other = add_person(inv, case2, given_names="Freddy", first_surname="Limachi", phones=["+591 7654 3210"])
    hidden = add_person(w["cbba_inv"], w["cbba_case"], given_names="Marco", first_surname="Rojas",
                        phones=["076543210"])
    org = Organisation.objects.create(name="Agencia Empleos Rápidos", country="BO")
    world["case"].organisations.add(org)
    account = BankAccount.objects.create(bank="BNB", number="1000234567", country="BO")
    case2.bank_accounts.add(account)
    return {**world, **w, "case2": case2, "recruiter": recruiter, "victim": victim, "other": other,
            "hidden": hidden, "org": org}


def test_network_around_a_case_reaches_the_other_case_through_the_shared_phone(net_world):
    net = network_around(actor=net_world["investigator"], center=f"case:{net_world['case'].pk}", hops=4)
    g = net.graph
    assert f"case:{net_world['case2'].pk}" in g
    assert f"person:{net_world['victim'].pk}" in g and f"org:{net_world['org'].pk}" in g
    phones = [n for n, d in g.nodes(data=True) if d["kind"] == "phone"]
    assert len(phones) == 1  # "76543210" and "+591 7654 3210" are one node
    assert g.degree(phones[0]) >= 2


def test_hidden_records_appear_only_as_a_hit_node_naming_the_unit(net_world):
    net = network_around(actor=net_world["investigator"], center=f"case:{net_world['case'].pk}", hops=3)
    g = net.graph
    hits = [d["label"] for n, d in g.nodes(data=True) if d["kind"] == "hit"]
    assert hits == ["Possible match held by DTTP Cochabamba"]
    dump = json.dumps(to_elements(net, analyse(net)))
    for secret in (net_world["cbba_case"].title, net_world["hidden"].pseudonym, f"person:{net_world['hidden'].pk}",
                   f"case:{net_world['cbba_case'].pk}", "Marco", "Rojas"):
        assert secret not in dump


def test_victim_name_is_not_in_the_graph_without_a_reveal(net_world):
    net = network_around(actor=net_world["investigator"], center=f"case:{net_world['case'].pk}", hops=2)
    labels = {d["label"] for _n, d in net.graph.nodes(data=True)}
    assert net_world["victim"].pseudonym in labels
    assert not any("Apaza" in label for label in labels)
    assert "Wilfredo Choque" in labels  # a suspect's identity is visible to case workers


def test_centre_not_visible_gives_no_network(net_world):
    assert network_around(actor=net_world["investigator"], center=f"case:{net_world['cbba_case'].pk}") is None
    assert network_around(actor=net_world["outsider"], center=f"case:{net_world['case'].pk}") is None
    assert network_around(actor=net_world["investigator"], center=f"person:{net_world['hidden'].pk}") is None


def test_communities_and_brokers(net_world):
    net = network_around(actor=net_world["investigator"], center=f"case:{net_world['case'].pk}", hops=4)
    analysis = analyse(net)
    assert analysis.communities and all(len(c) > 1 for c in analysis.communities)
    phone = next(n for n, d in net.graph.nodes(data=True) if d["kind"] == "phone")
    assert phone in analysis.brokers  # the phone is the only bridge between the two cases
    assert not any(n.startswith("hit:") for n in analysis.centrality)


def test_shortest_path_between_two_cases(net_world):
    source, target = f"case:{net_world['case'].pk}", f"case:{net_world['case2'].pk}"
    _net, path = path_between(actor=net_world["investigator"], source=source, target=target)
    assert path[0] == source and path[-1] == target
    kinds = [p.split(":")[0] for p in path]
    assert kinds == ["case", "person", "phone", "person", "case"]


def test_expand_one_node_hop_by_hop(net_world):
    builder = NetworkBuilder(actor=net_world["investigator"])
    assert builder.start(f"person:{net_world['recruiter'].pk}")
    net = builder.grow(f"person:{net_world['recruiter'].pk}", hops=1)
    assert {d["kind"] for _n, d in net.graph.nodes(data=True)} >= {"person", "case", "phone"}
    assert f"case:{net_world['case2'].pk}" not in net.graph  # two steps away


def test_network_pages_and_json(client, net_world):
    client.force_login(net_world["investigator"])
    page = client.get(reverse("links:network"), {"case": net_world["case"].public_id, "hops": 3})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="graph"' in html and "<script>" not in html and 'style="' not in html
    data = client.get(reverse("links:network_data"), {"case": net_world["case"].public_id, "hops": 2}).json()
    assert data["elements"]["nodes"]
    phone = next(n["data"]["id"] for n in data["elements"]["nodes"] if n["data"]["kind"] == "phone")
    more = client.get(reverse("links:network_data"), {"expand": phone}).json()
    assert any(n["data"]["id"] == f"person:{net_world['other'].public_id}" for n in more["elements"]["nodes"])
    assert client.get(reverse("links:network_data"), {"expand": f"case:{net_world['cbba_case'].public_id}"}).status_code == 404
    assert client.get(reverse("links:network"), {"case": net_world["cbba_case"].public_id}).status_code == 404
    path = client.get(reverse("links:network"), {"case": net_world["case"].public_id,
                                                 "to": f"case:{net_world['case2'].public_id}"}).content.decode()
    assert "Brick kiln Achocalla" in path.split(">Path</h2>")[1].split("</section>")[0]


def test_api_network_hides_the_same(client, net_world):
    client.force_login(net_world["investigator"])
    data = client.get("/api/v1/links/network", {"center": f"case:{net_world['case'].public_id}", "hops": 3})
    assert data.status_code == 200
    assert net_world["cbba_case"].title not in data.content.decode()
    assert client.get("/api/v1/links/network", {"center": f"case:{net_world['cbba_case'].public_id}"}).status_code == 404


def test_a_victim_in_two_cases_is_never_ranked_as_a_key_link(net_world):
    """The victim is the only person in both cases: a bridge, but no key link (and no score on screen)."""
    from enlace.cases.services_persons import case_person_add
    from enlace.persons.models import Person

    case_person_add(actor=net_world["investigator"], case=net_world["case2"], role="victim",
                    person=Person.objects.get(pk=net_world["victim"].pk))
    net = network_around(actor=net_world["investigator"], center=f"case:{net_world['case'].pk}", hops=4)
    analysis = analyse(net)
    victim = f"person:{net_world['victim'].pk}"
    assert analysis.centrality[victim] > 0 and victim not in analysis.brokers
    phone = next(n for n, d in net.graph.nodes(data=True) if d["kind"] == "phone")
    assert phone in analysis.brokers
    elements = to_elements(net, analysis)
    key = next(b for b in elements["brokers"] if b["kind"] == "Phone")
    assert key["connects"] in ("connects 2 groups of cases", "linked to 2 cases")


def test_the_network_page_explains_in_words(client, net_world):
    client.force_login(net_world["investigator"])
    html = client.get(reverse("links:network"), {"case": net_world["case"].public_id, "hops": 4}).content.decode()
    assert "Key links" in html and ("linked to 2 cases" in html or "connects 2 groups of cases" in html)
    for word in ("broker", "centrality", "Centrality"):
        assert word not in html
    assert 'legend-dot--email' in html and 'legend-dot--handle' in html


def test_a_link_by_public_id_shows_the_case_reference_in_the_form(client, net_world):
    client.force_login(net_world["investigator"])
    html = client.get(reverse("links:network"), {"case": net_world["case"].public_id}).content.decode()
    form = html[html.index('class="filters"'):]
    form = form[:form.index("</form>")]
    assert 'value="FELCC-LP-2026-001"' in form and str(net_world["case"].public_id) not in form
