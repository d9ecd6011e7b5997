"""Exports cannot carry formulas into a spreadsheet, and no blind-index key leaves the server.

Attacks replayed: a case titled ``=HYPERLINK(...)`` (and organisation, bank, address labels
starting with ``+``, ``-``, ``@``) landed as a live formula in ``nodes.csv``; the network JSON
and every export carried the full blind-index keys of a masked victim's phone and document.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from enlace.core.csvsafe import neutralise
from enlace.links.exports import csv_zip_bytes, ftm_entities, graphml_bytes
from enlace.links.graph import network_around
from enlace.links.models import MatchKey
from enlace.persons.models import BankAccount, Organisation

from .links_factories import add_person

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def rigged(world):
    inv, case = world["investigator"], world["case"]
    case.title = FORMULA
    case.save(update_fields=["title"])
    case.organisations.add(Organisation.objects.create(name="+cmd|' /C calc'!A0", country="BO"))
    case.bank_accounts.add(BankAccount.objects.create(bank="@SUM(1+1)", number="1000234567", country="BO"))
    victim = add_person(inv, case, role="victim", given_names="Rosa", first_surname="Apaza", phones=["71112222"],
                        documents=[("national_id", "9988776 LP", "BO")], addresses=["-2+3 Calle Falsa"])
    keys = set(MatchKey.objects.filter(person=victim).values_list("key", flat=True))
    assert keys
    return {**world, "victim": victim, "keys": keys}


@pytest.mark.parametrize("value", [FORMULA, "+1", "-1", "@x", "\tx", "\rx"])
def test_a_cell_that_starts_a_formula_is_quoted(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Trata 2024") == "Trata 2024" and neutralise(3) == 3


def test_no_cell_of_the_csv_export_starts_a_formula(rigged):
    net = network_around(actor=rigged["investigator"], center=f"case:{rigged['case'].pk}", hops=2)
    z = zipfile.ZipFile(io.BytesIO(csv_zip_bytes(net)))
    cells = [c for name in ("nodes.csv", "edges.csv") for row in csv.reader(io.StringIO(z.read(name).decode()))
             for c in row]
    assert "'" + FORMULA in cells
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


def test_no_blind_index_key_in_any_export(rigged):
    net = network_around(actor=rigged["investigator"], center=f"case:{rigged['case'].pk}", hops=2)
    outputs = [json.dumps(list(ftm_entities(net))), graphml_bytes(net).decode(),
               *(zipfile.ZipFile(io.BytesIO(csv_zip_bytes(net))).read(n).decode() for n in ("nodes.csv", "edges.csv"))]
    for text in outputs:
        for key in rigged["keys"]:
            assert key not in text


def test_no_blind_index_key_in_the_network_json_and_expansion_still_works(client, rigged):
    client.force_login(rigged["investigator"])
    url = reverse("links:network_data")
    raw = client.get(url, {"case": rigged["case"].public_id, "hops": 2}).content.decode()
    for key in rigged["keys"]:
        assert key not in raw
    data = json.loads(raw)
    phone = next(n["data"]["id"] for n in data["elements"]["nodes"] if n["data"]["kind"] == "phone")
    more = client.get(url, {"expand": phone})
    assert more.status_code == 200 and phone in {n["data"]["id"] for n in more.json()["elements"]["nodes"]}
    for key in rigged["keys"]:
        assert client.get(url, {"expand": f"phone:{key}"}).status_code == 404  # a raw key opens nothing


def test_a_sealed_node_id_is_useless_to_another_user(client, rigged):
    """The prosecutor on the same team sees the same phone, under another id; the investigator's is refused."""
    client.force_login(rigged["investigator"])
    url = reverse("links:network_data")
    data = client.get(url, {"case": rigged["case"].public_id, "hops": 2}).json()
    phone = next(n["data"]["id"] for n in data["elements"]["nodes"] if n["data"]["kind"] == "phone")
    client.force_login(rigged["prosecutor"])
    theirs = client.get(url, {"case": rigged["case"].public_id, "hops": 2}).json()
    assert len([n for n in theirs["elements"]["nodes"] if n["data"]["kind"] == "phone"]) >= 1
    assert phone not in {n["data"]["id"] for n in theirs["elements"]["nodes"]}
    assert client.get(url, {"expand": phone}).status_code == 404
