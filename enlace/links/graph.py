"""The network around a case or a person, built hop by hop from what the actor may see.

Why hop by hop from the database and not one big graph: a supervisor may see tens of
thousands of cases; the network page needs the neighbourhood of one entity. Each
``expand`` reads the neighbours of one node and keeps only visible ones. A neighbour the
actor may not see never becomes a node: a hidden person or case shows up only as a "hit"
node naming the unit that holds it (the same signal as on the person page), which is not
expandable and not part of exports or analytics.

Node ids carry no personal data: ``case:12``, ``person:34``, ``org:5`` and, for
identifiers, ``phone:<blind index>`` (also document, email, handle, address, account,
vehicle), so two records sharing a phone meet at one node.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.cases.models import Case, CasePerson
from enlace.cases.vocabulary import ParticipantRole
from enlace.core.bounds import parse_db_int
from enlace.persons.models import Organisation, Person
from enlace.persons.selectors import identity_visible, person_label

from . import matching
from .models import CandidateKind, CandidateStatus, MatchCandidate, MatchKey
from .selectors import Holder, cluster_ids, full_case_ids, root_of, visible_person_ids

IDENTIFIER_KINDS = ("phone", "document", "email", "handle", "address")
CASE_KEY_KINDS = {"account": "account", "plate": "vehicle"}  # MatchKey kind -> node kind
KIND_LABELS = {"phone": gettext_lazy("Phone"), "document": gettext_lazy("Document"), "email": gettext_lazy("E-mail"),
               "handle": gettext_lazy("Handle"), "address": gettext_lazy("Address"),
               "account": gettext_lazy("Account"), "vehicle": gettext_lazy("Vehicle")}
MAX_NODES = 400


@dataclass
class Network:
    graph: nx.Graph = field(default_factory=nx.Graph)
    expanded: set[str] = field(default_factory=set)
    truncated: bool = False
    actor: Any = None  # whom it was built for: what it shows is what this actor may see


class NetworkBuilder:
    """Grows a ``Network`` for one actor; caches visibility answers for the request."""

    def __init__(self, *, actor: User, reveals: dict | None = None, max_nodes: int = MAX_NODES) -> None:
        self.actor, self.reveals, self.max_nodes = actor, reveals or {}, max_nodes
        self.net = Network(actor=actor)
        self._full: dict[int, bool] = {}
        self._visible: dict[int, bool] = {}

    # -- visibility --------------------------------------------------------------------------

    def case_visible(self, case_ids: set[int]) -> set[int]:
        unknown = {c for c in case_ids if c not in self._full}
        shown = full_case_ids(actor=self.actor, case_ids=unknown)
        self._full.update({c: c in shown for c in unknown})
        return {c for c in case_ids if self._full[c]}

    def person_visible(self, ids: set[int]) -> set[int]:
        unknown = {p for p in ids if p not in self._visible}
        shown = visible_person_ids(actor=self.actor, ids=unknown)
        self._visible.update({p: p in shown for p in unknown})
        return {p for p in ids if self._visible[p]}

    def person_node_id(self, person_id: int) -> str:
        """Merged records are one node (the root's) when the actor sees the root."""
        root = root_of(person_id)
        return f"person:{root if root != person_id and self.person_visible({root}) else person_id}"

    # -- nodes and edges ------------------------------------------------------------------------

    def _add(self, node_id: str, **attrs: Any) -> bool:
        g = self.net.graph
        if node_id in g:
            if attrs.get("value") and not g.nodes[node_id].get("value"):
                g.nodes[node_id]["label"] = attrs["label"]  # a visible value replaces a masked label
            for k, v in attrs.items():
                if v and not g.nodes[node_id].get(k):
                    g.nodes[node_id][k] = v
            return True
        if g.number_of_nodes() >= self.max_nodes:
            self.net.truncated = True
            return False
        g.add_node(node_id, **attrs)
        return True

    def _edge(self, a: str, b: str, *, kind: str, label: str = "", role: str = "") -> None:
        g = self.net.graph
        if a in g and b in g and a != b and not g.has_edge(a, b):
            g.add_edge(a, b, kind=kind, label=label, role=role)

    def _case(self, case: Case | Mapping[str, Any]) -> str:
        cid = case.pk if isinstance(case, Case) else case["id"]
        title = case.title if isinstance(case, Case) else case["title"]
        self._add(f"case:{cid}", kind="case", label=title, ref=cid)
        return f"case:{cid}"

    def _person(self, person: Person) -> str:
        node = self.person_node_id(person.pk)
        pid = int(node.split(":")[1])
        shown = person if pid == person.pk else Person.objects.get(pk=pid)
        self._add(node, kind="person", label=person_label(actor=self.actor, person=shown, reveals=self.reveals),
                  ref=pid, pseudonym=shown.pseudonym,
                  identity=identity_visible(actor=self.actor, person=shown, reveals=self.reveals))
        return node

    def _hit(self, holder: Holder, anchor: str) -> None:
        node = f"hit:{holder.token}"
        if self._add(node, kind="hit", label=_("Possible match held by %(holder)s") % {"holder": holder.name}):
            self._edge(anchor, node, kind="hit")

    def _hidden_holders(self, case_rows: Sequence[Mapping[str, Any]], anchor: str) -> None:
        for row in case_rows:
            unit = row.get("lead_unit_id")
            holder = (Holder("unit", unit, row["lead_unit__name"]) if unit
                      else Holder("institution", row["lead_institution_id"], row["lead_institution__name"]))
            self._hit(holder, anchor)

    # -- expansion ------------------------------------------------------------------------------

    def expand(self, node_id: str) -> None:
        if node_id in self.net.expanded or node_id.startswith("hit:"):
            return
        self.net.expanded.add(node_id)
        kind, _sep, ref = node_id.partition(":")
        if kind == "case":
            self._expand_case(int(ref))
        elif kind == "person":
            self._expand_person(int(ref))
        elif kind == "org":
            self._expand_cases_of(node_id, Case.objects.filter(organisations__id=int(ref)))
        elif kind in ("account", "vehicle"):
            case_ids = MatchKey.objects.filter(key=ref, case__isnull=False).values("case_id")
            self._expand_cases_of(node_id, Case.objects.filter(pk__in=case_ids))
        elif kind in IDENTIFIER_KINDS:
            self._expand_identifier(node_id, ref)

    def _expand_case(self, case_id: int) -> None:
        if not self.case_visible({case_id}):
            return
        case = Case.objects.prefetch_related("organisations", "bank_accounts", "vehicles").get(pk=case_id)
        here = self._case(case)
        for cp in CasePerson.objects.filter(case=case).select_related("person").order_by("id"):
            self._edge(here, self._person(cp.person), kind="role", label=cp.get_role_display(), role=cp.role)
        for org in case.organisations.all():
            node = f"org:{org.pk}"
            self._add(node, kind="org", label=org.name, ref=org.pk, country=org.country)
            self._edge(here, node, kind="org")
        for mkind, k, obj in matching.case_rows(case):
            node_kind = CASE_KEY_KINDS[mkind]
            self._add(f"{node_kind}:{k}", kind=node_kind, label=matching.case_row_label(obj), country=obj.country)
            self._edge(here, f"{node_kind}:{k}", kind=node_kind)

    def _expand_person(self, person_id: int) -> None:
        members = cluster_ids(person_id)
        visible = self.person_visible(members)
        if person_id not in visible:
            return
        here = self.person_node_id(person_id)
        persons = list(Person.objects.filter(pk__in=visible).prefetch_related(
            "documents", "phones", "emails", "handles", "addresses"))
        rows = list(CasePerson.objects.filter(person_id__in=members).values(
            "person_id", "role", "case_id", "case__title", "case__lead_unit_id", "case__lead_unit__name",
            "case__lead_institution_id", "case__lead_institution__name"))
        shown_cases = self.case_visible({r["case_id"] for r in rows})
        for r in rows:
            if r["case_id"] in shown_cases:
                self._edge(here, self._case({"id": r["case_id"], "title": r["case__title"]}), kind="role",
                           label=str(ParticipantRole(r["role"]).label), role=r["role"])
            else:
                self._hidden_holders([{k.removeprefix("case__"): v for k, v in r.items()}], here)
        for person in persons:
            show_value = identity_visible(actor=self.actor, person=person, reveals=self.reveals)
            for mkind, k, country, value in matching.identifier_rows(person):
                label = value if show_value else f"{KIND_LABELS[mkind]} #{k[:4]}"
                self._add(f"{mkind}:{k}", kind=mkind, label=label, value=value if show_value else "",
                          country=country)
                self._edge(here, f"{mkind}:{k}", kind=mkind)
        candidates = MatchCandidate.objects.filter(Q(person_a_id__in=members) | Q(person_b_id__in=members)).exclude(
            status=CandidateStatus.REJECTED).select_related("person_a", "person_b")
        for c in candidates:
            mine_a = c.person_a_id in members
            other = c.person_b if mine_a else c.person_a
            if other.pk in members:
                continue
            if self.person_visible({other.pk}):
                if c.kind == CandidateKind.SAME_PERSON:  # a shared identifier is drawn as its own node
                    self._edge(here, self._person(other), kind="match", label=f"{round(c.score * 100)}%")
            else:
                self._hidden_person(other.pk, here)

    def _hidden_person(self, person_id: int, anchor: str) -> None:
        rows = CasePerson.objects.filter(person_id=person_id).values(
            "case_id", "case__lead_unit_id", "case__lead_unit__name", "case__lead_institution_id",
            "case__lead_institution__name")
        hidden = [r for r in rows if r["case_id"] not in self.case_visible({r["case_id"]})]
        self._hidden_holders([{k.removeprefix("case__"): v for k, v in r.items()} for r in hidden], anchor)

    def _expand_identifier(self, node_id: str, k: str) -> None:
        owners = set(MatchKey.objects.filter(key=k, person__isnull=False).values_list("person_id", flat=True))
        visible = self.person_visible(owners)
        for person in Person.objects.filter(pk__in=visible):
            self._edge(node_id, self._person(person), kind=node_id.split(":")[0])
        for pid in sorted(owners - visible):
            self._hidden_person(pid, node_id)

    def _expand_cases_of(self, node_id: str, cases: QuerySet[Case]) -> None:
        rows = list(cases.values("id", "title", "lead_unit_id", "lead_unit__name", "lead_institution_id",
                                 "lead_institution__name"))
        shown = self.case_visible({r["id"] for r in rows})
        for r in rows:
            if r["id"] in shown:
                self._edge(node_id, self._case(r), kind=node_id.split(":")[0])
            else:
                self._hidden_holders([r], node_id)

    # -- growing --------------------------------------------------------------------------------

    def start(self, center: str) -> bool:
        """Add the centre node if the actor may see it; False otherwise (caller answers 404)."""
        kind, _sep, ref = center.partition(":")
        pk = parse_db_int(ref)  # None: not an id the database could hold
        if kind == "case" and pk is not None and self.case_visible({pk}):
            self._case(Case.objects.get(pk=pk))
            return True
        if kind == "person" and pk is not None and self.person_visible({pk}):
            self._person(Person.objects.get(pk=pk))
            return True
        if kind == "org" and pk is not None:
            org = Organisation.objects.filter(pk=pk).first()
            cases = set(Case.objects.filter(organisations__id=pk).values_list("pk", flat=True))
            if org is not None and self.case_visible(cases):
                self._add(center, kind="org", label=org.name, ref=org.pk, country=org.country)
                return True
        if kind in CASE_KEY_KINDS.values():
            cases = set(MatchKey.objects.filter(key=ref, case__isnull=False).values_list("case_id", flat=True))
            for case_id in sorted(self.case_visible(cases))[:1]:
                self._expand_case(case_id)  # adds the node with its label
                return center in self.net.graph
        if kind in IDENTIFIER_KINDS:
            owners = set(MatchKey.objects.filter(key=ref, person__isnull=False).values_list("person_id", flat=True))
            for person_id in sorted(self.person_visible(owners))[:1]:
                self._expand_person(person_id)
                return center in self.net.graph
        return False

    def grow(self, center: str, *, hops: int) -> Network:
        frontier = deque([(center, 0)])
        seen = {center}
        while frontier:
            node, depth = frontier.popleft()
            if depth >= hops or self.net.truncated:
                continue
            self.expand(node)
            for new in sorted(self.net.graph.neighbors(node)):
                if new not in seen:
                    seen.add(new)
                    frontier.append((new, depth + 1))
        return self.net


def network_read(*, actor: User, center: str, net: Network, hops: int) -> None:
    """Record that the network around ``center`` was read: how far, how big, which cases it shows."""
    kind, _sep, ref = center.partition(":")
    cases = sorted(int(n[5:]) for n in net.graph.nodes if n.startswith("case:") and n[5:].isdigit())
    audit_read(actor=actor, action="links.network_read", object_type="links.network", object_id=center,
               case_id=parse_db_int(ref) if kind == "case" else None,
               details={"hops": hops, "nodes": net.graph.number_of_nodes(), "cases": cases[:50]})


def network_around(*, actor: User, center: str, hops: int = 2, reveals: dict | None = None,
                   max_nodes: int = MAX_NODES) -> Network | None:
    builder = NetworkBuilder(actor=actor, reveals=reveals, max_nodes=max_nodes)
    if not builder.start(center):
        return None
    hops = max(0, min(hops, 4))
    net = builder.grow(center, hops=hops)
    network_read(actor=actor, center=center, net=net, hops=hops)
    return net


def network_expand(*, actor: User, center: str, reveals: dict | None = None) -> Network | None:
    """One node's neighbours (the page's "expand"); None when the actor may not see the node."""
    builder = NetworkBuilder(actor=actor, reveals=reveals)
    if not builder.start(center):
        return None
    net = builder.grow(center, hops=1)
    network_read(actor=actor, center=center, net=net, hops=1)
    return net


def path_between(*, actor: User, source: str, target: str, reveals: dict | None = None, max_hops: int = 6,
                 max_nodes: int = 2000) -> tuple[Network | None, list[str]]:
    """Shortest path between two visible entities through visible ones only (hit nodes excluded)."""
    builder = NetworkBuilder(actor=actor, reveals=reveals, max_nodes=max_nodes)
    if not builder.start(source):
        return None, []
    for hops in range(1, max_hops + 1):
        net = builder.grow(source, hops=hops)
        if target in net.graph:
            core = net.graph.subgraph(n for n, d in net.graph.nodes(data=True) if d.get("kind") != "hit")
            try:
                path = nx.shortest_path(core, source, target)
            except nx.NetworkXNoPath:
                pass
            else:
                network_read(actor=actor, center=source, net=net, hops=hops)
                return net, path
        if net.truncated:
            break
    network_read(actor=actor, center=source, net=builder.net, hops=max_hops)
    return builder.net, []
