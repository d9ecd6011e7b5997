"""Exports: FollowTheMoney, GraphML and CSV, with only what the user may see, audited."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest
from django.urls import reverse
from followthemoney import model

from enlace.audit.models import AuditEntry
from enlace.links.exports import csv_zip_bytes, ftm_entities, graphml_bytes
from enlace.links.graph import network_around
from enlace.persons.models import BankAccount, Organisation, Vehicle

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def ex(world):
    inv, case = world["investigator"], world["case"]
    w = other_unit_world(world)
    suspect = add_person(inv, case, given_names="Wilfredo", first_surname="Choque", second_surname="Apaza",
                         birth_year=1980, sex="M", nationality="BO", phones=["76543210"],
                         documents=[("national_id", "4567891 LP", "BO")], emails=["wchoque@gmail.com"],
                         addresses=["Av. Buenos Aires 1234, El Alto"])
    victim = add_person(inv, case, role="victim", given_names="Rosa", first_surname="Apaza", birth_year=2006,
                        sex="F", phones=["71112222"], documents=[("national_id", "9988776 LP", "BO")])
    hidden = add_person(w["cbba_inv"], w["cbba_case"], given_names="Marco", first_surname="Rojas",
                        phones=["76543210"])
    case.organisations.add(Organisation.objects.create(name="Agencia Empleos Rápidos", country="BO"))
    case.bank_accounts.add(BankAccount.objects.create(bank="BNB", number="1000234567", country="BO"))
    case.vehicles.add(Vehicle.objects.create(plate="2345-ABC", country="BO", description="Minibus Toyota blanco"))
    net = network_around(actor=inv, center=f"case:{case.pk}", hops=2)
    return {**world, **w, "suspect": suspect, "victim": victim, "hidden": hidden, "net": net}


def test_ftm_entities_are_valid_and_typed(ex):
    entities = list(ftm_entities(ex["net"]))
    for e in entities:
        proxy = model.get_proxy(e)  # raises on an unknown schema or property
        assert proxy.id
    schemata = {e["schema"] for e in entities}
    assert {"CourtCase", "Person", "Organization", "Identification", "Address", "BankAccount", "Vehicle",
            "CourtCaseParty"} <= schemata
    suspect = next(e for e in entities if e["schema"] == "Person" and "Wilfredo Choque Apaza" in
                   e["properties"].get("name", []))
    assert suspect["properties"]["phone"] == ["+59176543210"]
    assert suspect["properties"]["email"] == ["wchoque@gmail.com"]
    assert suspect["properties"]["birthDate"] == ["1980"]


def _without_entity_ids(entities: list[dict]) -> str:
    """The export as text with every entity id blanked: ids are hex digests, so a short run of
    digits such as a birth year can turn up in one by chance."""
    dump = json.dumps(entities)
    for e in entities:
        dump = dump.replace(e["id"], "<id>")
    return dump


def test_protected_person_exported_by_pseudonym_without_identifiers(ex):
    dump = _without_entity_ids(list(ftm_entities(ex["net"])))
    victim = ex["victim"]
    assert victim.pseudonym in dump
    for secret in ("Rosa", "71112222", "+59171112222", "9988776", "2006"):
        assert secret not in dump


def test_hidden_case_and_hit_nodes_are_never_exported(ex):
    net = ex["net"]
    assert any(d["kind"] == "hit" for _n, d in net.graph.nodes(data=True))
    outputs = [json.dumps(list(ftm_entities(net))), graphml_bytes(net).decode(), csv_zip_bytes(net).decode("latin-1")]
    nodes_csv = zipfile.ZipFile(io.BytesIO(csv_zip_bytes(net))).read("nodes.csv").decode()
    for text in [*outputs, nodes_csv]:
        for secret in (ex["cbba_case"].title, ex["hidden"].pseudonym, "Marco", "DTTP Cochabamba", "hit:"):
            assert secret not in text


def test_graphml_and_csv_round_trip(ex):
    g = nx.read_graphml(io.BytesIO(graphml_bytes(ex["net"])))
    assert g.number_of_nodes() == sum(1 for _n, d in ex["net"].graph.nodes(data=True) if d["kind"] != "hit")
    assert {d["kind"] for _n, d in g.nodes(data=True)} >= {"case", "person", "phone", "org", "account", "vehicle"}
    z = zipfile.ZipFile(io.BytesIO(csv_zip_bytes(ex["net"])))
    nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()


@pytest.mark.parametrize("fmt,ctype", [("ftm", "application/x-ndjson"), ("graphml", "application/graphml+xml"),
                                       ("csv", "application/zip")])
def test_export_views_are_audited(client, ex, fmt, ctype):
    client.force_login(ex["investigator"])
    response = client.get(reverse("links:case_export", args=[ex["case"].public_id]), {"format": fmt})
    assert response.status_code == 200 and response["Content-Type"] == ctype
    entry = AuditEntry.objects.get(action=f"export.{fmt}")
    assert entry.case_id == ex["case"].pk and entry.details["nodes"] > 3
    response = client.get(reverse("links:network_export"), {"person": ex["suspect"].public_id, "format": fmt})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=f"export.{fmt}").count() == 2


def test_export_of_a_case_the_user_cannot_see_is_404(client, ex):
    client.force_login(ex["investigator"])
    assert client.get(reverse("links:case_export", args=[ex["cbba_case"].public_id]), {"format": "ftm"}).status_code == 404
    assert client.get(reverse("links:network_export"), {"case": ex["cbba_case"].public_id}).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="export.").exists()
