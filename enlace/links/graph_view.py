"""Analytics on a visible network and its JSON form for Cytoscape.js.

Communities (Louvain modularity, fixed seed so the same network gives the same groups)
and key links (betweenness centrality: entities that sit on many shortest paths between
others, e.g. the one phone that connects two groups of cases). Hit nodes stand for hidden
data: they are drawn but left out of both measures, so hidden records cannot shape them.

The page explains a key link in words ("connects 3 groups of cases"), never by its score, and
never ranks a victim among them: a victim seen in two cases is a person to protect, and a badge
that reads as "organiser" next to their pseudonym would mislead whoever reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from enlace.core.public_ids import parse_public_id

from .graph import Network

KIND_NAMES = {
    "case": _("Case"), "person": _("Person"), "org": _("Organisation"), "phone": _("Phone"),
    "document": _("Identity document"), "email": _("E-mail"), "handle": _("Social media"),
    "address": _("Address"), "account": _("Bank account"), "vehicle": _("Vehicle"),
    "hit": _("Possible match in a case you cannot see"),
}
BROKERS = 5
VICTIM_ROLES = frozenset({"victim", "presumed_victim"})
EXACT_BETWEENNESS_UP_TO = 600  # nodes; above, a seeded sample of sources


@dataclass
class Analysis:
    communities: list[set[str]] = field(default_factory=list)
    community_of: dict[str, int] = field(default_factory=dict)
    centrality: dict[str, float] = field(default_factory=dict)
    brokers: list[str] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)  # communities among a node's neighbours
    cases_near: dict[str, int] = field(default_factory=dict)  # cases within two steps


def is_victim(g: nx.Graph, node: str) -> bool:
    """A person node holding a victim's role in any case of the network."""
    return g.nodes[node].get("kind") == "person" and any(
        d.get("role") in VICTIM_ROLES for _a, _b, d in g.edges(node, data=True))


def explain(analysis: Analysis, node: str) -> str:
    """What a node joins, in plain words."""
    groups = analysis.groups.get(node, 0)
    if groups >= 2:
        return ngettext("connects %(n)d group of cases", "connects %(n)d groups of cases", groups) % {"n": groups}
    cases = analysis.cases_near.get(node, 0)
    if cases:
        return ngettext("linked to %(n)d case", "linked to %(n)d cases", cases) % {"n": cases}
    return ""


def _reach(core: nx.Graph, out: Analysis) -> None:
    for n in core.nodes:
        if core.nodes[n].get("kind") == "case":
            continue
        near = set(core.neighbors(n))
        out.groups[n] = len({out.community_of[m] for m in (*near, n) if m in out.community_of})
        second = near.union(*(set(core.neighbors(m)) for m in near))
        out.cases_near[n] = sum(1 for m in second if core.nodes[m].get("kind") == "case")


def analyse(net: Network) -> Analysis:
    g = net.graph
    core = g.subgraph(n for n, d in g.nodes(data=True) if d.get("kind") != "hit")
    out = Analysis()
    if core.number_of_edges() == 0:
        return out
    communities = nx.community.louvain_communities(core, seed=7)
    communities = sorted((c for c in communities if len(c) > 1), key=lambda c: (-len(c), min(c)))
    out.communities = communities
    out.community_of = {n: i for i, c in enumerate(communities) for n in c}
    k = None if core.number_of_nodes() <= EXACT_BETWEENNESS_UP_TO else EXACT_BETWEENNESS_UP_TO
    out.centrality = nx.betweenness_centrality(core, k=k, normalized=True, seed=7)
    ranked = sorted(((v, n) for n, v in out.centrality.items()
                     if v > 0 and g.nodes[n].get("kind") != "case" and not is_victim(g, n)),
                    key=lambda x: (-x[0], x[1]))
    out.brokers = [n for _v, n in ranked[:BROKERS]]
    _reach(core, out)
    return out


def node_url(public_node_id: str, data: dict) -> str:
    """The page of a case or person node, from the id the browser gets (its public id)."""
    kind, _sep, ref = public_node_id.partition(":")
    if kind not in ("case", "person") or kind != data.get("kind") or parse_public_id(ref) is None:
        return ""  # only a public id makes an address (never an integer key)
    return reverse("cases:detail" if kind == "case" else "persons:detail", args=[ref])


def to_elements(net: Network, analysis: Analysis, *, path: list[str] | None = None,
                public_id: Callable[[str], str] = str) -> dict:
    """Cytoscape's ``elements`` plus the lists the page shows next to the drawing.

    ``public_id`` turns an internal node id into the one the browser gets (``node_ids.seal``:
    no blind-index key leaves the server).
    """
    g = net.graph
    pid = public_id
    on_path = set(path or [])
    path_edges = {frozenset(p) for p in zip(path or [], (path or [])[1:], strict=False)}
    nodes = []
    for n, d in sorted(g.nodes(data=True)):
        nodes.append({"data": {
            "id": pid(n), "label": str(d.get("label", "")), "kind": d.get("kind", ""),
            "kind_name": str(KIND_NAMES.get(d.get("kind", ""), "")),
            "community": analysis.community_of.get(n, -1), "centrality": round(analysis.centrality.get(n, 0.0), 4),
            "key_link": n in analysis.brokers, "connects": explain(analysis, n), "on_path": n in on_path,
            "url": node_url(pid(n), d),
            "expandable": d.get("kind") != "hit", "expanded": n in net.expanded,
        }})
    edges = []
    for a, b, d in sorted(g.edges(data=True)):
        edges.append({"data": {"id": f"{pid(a)}|{pid(b)}", "source": pid(a), "target": pid(b), "kind": d.get("kind", ""),
                               "label": str(d.get("label", "")), "on_path": frozenset((a, b)) in path_edges}})
    labels = {n: str(d.get("label", "")) for n, d in g.nodes(data=True)}
    return {
        "elements": {"nodes": nodes, "edges": edges},
        "communities": [{"id": i, "size": len(c), "members": sorted(labels[n] for n in c)[:8]}
                        for i, c in enumerate(analysis.communities)],
        "brokers": [{"id": pid(n), "label": labels[n], "kind": str(KIND_NAMES.get(g.nodes[n].get("kind"), "")),
                     "connects": explain(analysis, n)} for n in analysis.brokers],
        "path": [pid(n) for n in path or []],
        "truncated": net.truncated,
    }
