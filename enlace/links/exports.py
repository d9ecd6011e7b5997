"""Exports of a visible network: FollowTheMoney JSON lines, GraphML, CSV (nodes + edges).

Why from the visible network: an export is a copy that leaves Enlace (Aleph, i2 Analyst's
Notebook, Gephi). It contains exactly the nodes the actor sees on the network page, never
a hit node (hidden data), and a protected person's name and identifiers only when the
identity is visible to the actor right now (otherwise the pseudonym). Every export is
audited (``export.ftm``, ``export.graphml``, ``export.csv``) with its centre and size.

FtM mapping (followthemoney 4.x model): case -> CourtCase; person -> Person (name or
pseudonym; phones and e-mails as properties); organisation -> Organization; document ->
Identification or Passport (holder); address -> Address (Person.addressEntity); bank
account -> BankAccount; vehicle -> Vehicle; a person or organisation in a case ->
CourtCaseParty (role); an account or vehicle in a case, a shared handle, a possible
match -> UnknownLink (role says which).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

import networkx as nx
from followthemoney import model
from followthemoney.proxy import EntityProxy

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.core import csvsafe

from .graph import Network
from .graph_view import analyse
from .node_ids import renumbered
from .selectors_pages import export_persons

FORMATS = ("ftm", "graphml", "csv")


def exportable(net: Network) -> nx.Graph:
    """The network without hit nodes (signals of hidden data are not data to export), its identifier
    nodes numbered for this export only (no blind-index key leaves in a copy: ``node_ids``)."""
    g = net.graph
    return renumbered(g.subgraph(n for n, d in g.nodes(data=True) if d.get("kind") != "hit"))


def _entity(schema: str, node_id: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id("enlace", node_id)
    return proxy


def ftm_entities(net: Network) -> Iterator[dict]:
    g = exportable(net)
    proxies: dict[str, EntityProxy] = {}
    person_ids = [int(d["ref"]) for _n, d in g.nodes(data=True) if d.get("kind") == "person"]
    persons = export_persons(actor=net.actor, ids=person_ids)
    for n, d in sorted(g.nodes(data=True)):
        kind = d.get("kind")
        if kind == "case":
            e = _entity("CourtCase", n)
            e.add("name", d.get("label", ""))
        elif kind == "person":
            e = _entity("Person", n)
            person = persons.get(int(d["ref"]))
            if d.get("identity") and person is not None:
                e.add("name", d.get("label") or person.pseudonym)
                e.add("firstName", person.given_names)
                e.add("fatherName", person.first_surname)
                e.add("motherName", person.second_surname)
                e.add("birthDate", str(person.birth_year) if person.birth_year else None)
                e.add("nationality", person.nationality.lower() or None)
                e.add("gender", {"F": "female", "M": "male"}.get(person.sex))
            else:
                e.add("name", d.get("pseudonym") or d.get("label", ""))
            e.add("alias", d.get("pseudonym"))
        elif kind == "org":
            e = _entity("Organization", n)
            e.add("name", d.get("label", ""))
            e.add("country", (d.get("country") or "").lower() or None)
        elif kind == "document" and d.get("value"):
            e = _entity("Identification", n)
            e.add("number", d["value"])
            e.add("country", (d.get("country") or "").lower() or None)
        elif kind == "address" and d.get("value"):
            e = _entity("Address", n)
            e.add("full", d["value"])
        elif kind == "account":
            e = _entity("BankAccount", n)
            e.add("accountNumber", d.get("label", ""))
        elif kind == "vehicle":
            e = _entity("Vehicle", n)
            e.add("registrationNumber", str(d.get("label", "")).split(" ")[0])
            e.add("name", d.get("label", ""))
        else:
            continue  # phones, e-mails, handles become properties; masked identifiers are dropped
        proxies[n] = e
    links = []
    for a, b, d in sorted(g.edges(data=True)):
        ka, kb = g.nodes[a].get("kind"), g.nodes[b].get("kind")
        pair = {ka: a, kb: b}
        if "person" in pair and ({"phone", "email"} & set(pair)):
            other = pair.get("phone") or pair.get("email")
            value = g.nodes[other].get("value")
            if value and pair["person"] in proxies:
                proxies[pair["person"]].add("phone" if g.nodes[other]["kind"] == "phone" else "email", value)
            continue
        if "person" in pair and "document" in pair and pair["document"] in proxies:
            proxies[pair["document"]].add("holder", proxies[pair["person"]].id)
            continue
        if "person" in pair and "address" in pair and pair["address"] in proxies:
            proxies[pair["person"]].add("addressEntity", proxies[pair["address"]].id)
            continue
        if a not in proxies or b not in proxies:
            continue
        if "case" in pair and ({"person", "org"} & set(pair)):
            party = pair.get("person") or pair["org"]
            link = _entity("CourtCaseParty", f"{a}|{b}")
            link.add("case", proxies[pair["case"]].id)
            link.add("party", proxies[party].id)
            link.add("role", d.get("label") or None)
        else:
            link = _entity("UnknownLink", f"{a}|{b}")
            link.add("subject", proxies[a].id)
            link.add("object", proxies[b].id)
            link.add("role", d.get("label") or d.get("kind") or None)
        links.append(link)
    for proxy in [*proxies.values(), *links]:
        yield proxy.to_dict()


def ftm_lines(net: Network) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in ftm_entities(net))


def _plain(g: nx.Graph) -> nx.Graph:
    """A copy with only the attributes an analyst's tool should get (no blind-index keys)."""
    analysis = analyse(Network(graph=g))
    out = nx.Graph()
    for n, d in g.nodes(data=True):
        out.add_node(n, kind=str(d.get("kind", "")), label=str(d.get("label", "")),
                     community=int(analysis.community_of.get(n, -1)),
                     centrality=float(round(analysis.centrality.get(n, 0.0), 6)))
    for a, b, d in g.edges(data=True):
        out.add_edge(a, b, kind=str(d.get("kind", "")), label=str(d.get("label", "")))
    return out


def graphml_bytes(net: Network) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_plain(exportable(net)), buffer, encoding="utf-8")
    return buffer.getvalue()


def csv_zip_bytes(net: Network) -> bytes:
    g = _plain(exportable(net))
    nodes, edges = io.StringIO(), io.StringIO()
    w = csvsafe.writer(nodes)
    w.writerow(["id", "label", "kind", "community", "centrality"])
    for n, d in sorted(g.nodes(data=True)):
        w.writerow([n, d["label"], d["kind"], d["community"], d["centrality"]])
    w = csvsafe.writer(edges)
    w.writerow(["source", "target", "kind", "label"])
    for a, b, d in sorted(g.edges(data=True)):
        w.writerow([a, b, d["kind"], d["label"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", nodes.getvalue())
        z.writestr("edges.csv", edges.getvalue())
    return buffer.getvalue()


def export_network(*, actor: User, net: Network, fmt: str, center: str, hops: int) -> tuple[bytes, str, str]:
    """(content, content type, file extension); audited in the same call."""
    if fmt == "graphml":
        content, ctype, ext = graphml_bytes(net), "application/graphml+xml", "graphml"
    elif fmt == "csv":
        content, ctype, ext = csv_zip_bytes(net), "application/zip", "zip"
    else:
        fmt = "ftm"
        content, ctype, ext = ftm_lines(net).encode("utf-8"), "application/x-ndjson", "ftm.json"
    g = exportable(net)
    kind, _sep, ref = center.partition(":")
    audit_read(actor=actor, action=f"export.{fmt}", object_type="links.network", object_id=center, lead=True,
               case_id=int(ref) if kind == "case" and ref.isdigit() else None,
               details={"center": center, "hops": hops, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
                        "format": fmt})
    return content, ctype, ext
