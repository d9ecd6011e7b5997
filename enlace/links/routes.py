"""Trafficking routes of the visible cases: origin -> transit -> destination, aggregated.

Why a flow diagram drawn on the server: the page must work offline at a border post and
without map tiles. Each case contributes one route: its first origin or recruitment place,
its transit places in order, and its last destination or exploitation place (the same
order as the case's "Places and route" tab). Routes are counted by country or by
department, with the number of cases and of distinct (presumed) victims.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from enlace.accounts.models import User
from enlace.audit.reads import list_read
from enlace.cases.models import Case, CasePerson, CasePlace
from enlace.geo.selectors import country_name, subdivision_name

ORIGIN_KINDS = ("origin", "recruitment")
TRANSIT_KINDS = ("transit",)
DESTINATION_KINDS = ("destination", "exploitation")
VICTIM_ROLES = ("victim", "presumed_victim")
UNKNOWN = "?"


@dataclass
class Route:
    origin: str
    transits: tuple[str, ...]
    destination: str
    cases: int = 0
    victims: int = 0
    crosses_border: bool = False
    case_ids: list[int] = field(default_factory=list)


@dataclass
class RouteSummary:
    level: str
    routes: list[Route]
    labels: dict[str, str]
    cases_with_route: int
    cases_without_route: int

    @property
    def total_victims(self) -> int:
        return sum(r.victims for r in self.routes)


def _key(place: dict, level: str) -> str:
    if level == "department" and place["subdivision"]:
        return place["subdivision"]
    return place["country"]


def _transit_key(place: dict) -> str:
    """A transit place as precisely as recorded (the border town, else its department, else the country):
    a transit is a crossing point, and its country is usually the origin's, which would hide it."""
    return place.get("municipality__code") or place["subdivision"] or place["country"]


def _label(key: str, towns: dict[str, str] | None = None) -> str:
    if key == UNKNOWN:
        return "?"
    if towns and key in towns:
        department = subdivision_name(key.rsplit("-", 1)[0])
        return f"{towns[key]} ({department})" if department else towns[key]
    if "-" in key:
        return f"{subdivision_name(key)} ({country_name(key.split('-')[0])})"
    return country_name(key)


def case_route(places: list[dict], level: str) -> tuple[str, tuple[str, ...], str, bool] | None:
    """(origin, transits, destination, crosses a border) of one case's places, or None."""
    origins = [p for p in places if p["kind"] in ORIGIN_KINDS]
    destinations = [p for p in places if p["kind"] in DESTINATION_KINDS]
    if not origins and not destinations:
        return None
    origin = _key(origins[0], level) if origins else UNKNOWN
    destination = _key(destinations[-1], level) if destinations else UNKNOWN
    transits: list[str] = []
    for p in places:
        if p["kind"] in TRANSIT_KINDS:
            k = _transit_key(p)
            if k not in (origin, destination) and (not transits or transits[-1] != k):
                transits.append(k)
    countries = {p["country"] for p in places}
    return origin, tuple(transits), destination, len(countries) > 1


def route_summary(*, actor: User, level: str = "country") -> RouteSummary:
    level = level if level in ("country", "department") else "country"
    list_read(actor=actor, area="links.route", filters={"level": level})
    cases = Case.objects.visible_to(actor, full=True)
    rank = {k: i for i, k in enumerate(ORIGIN_KINDS + TRANSIT_KINDS + DESTINATION_KINDS)}
    by_case: dict[int, list[Any]] = defaultdict(list)
    towns: dict[str, str] = {}
    for p in CasePlace.objects.filter(case__in=cases).values("id", "case_id", "kind", "order", "country",
                                                             "subdivision", "municipality__code", "municipality__name"):
        by_case[p["case_id"]].append(p)
        if p["municipality__code"]:
            towns[p["municipality__code"]] = p["municipality__name"]
    victims = dict(CasePerson.objects.filter(case__in=cases, role__in=VICTIM_ROLES).values("case_id")
                   .annotate(n=Count("person_id", distinct=True)).values_list("case_id", "n"))
    routes: dict[tuple, Route] = {}
    without = cases.count() - len(by_case)
    for case_id, places in sorted(by_case.items()):
        places.sort(key=lambda p: (rank.get(p["kind"], 99), p["order"], p["id"]))
        parsed = case_route(places, level)
        if parsed is None:
            without += 1
            continue
        origin, transits, destination, crosses = parsed
        route = routes.setdefault((origin, transits, destination), Route(origin, transits, destination))
        route.cases += 1
        route.victims += victims.get(case_id, 0)
        route.crosses_border |= crosses
        route.case_ids.append(case_id)
    ordered = sorted(routes.values(), key=lambda r: (-r.cases, -r.victims, r.origin, r.transits, r.destination))
    keys = {k for r in ordered for k in (r.origin, r.destination, *r.transits)}
    return RouteSummary(level=level, routes=ordered, labels={k: _label(k, towns) for k in keys},
                        cases_with_route=sum(r.cases for r in ordered), cases_without_route=without)


# -- the flow diagram ---------------------------------------------------------------------------


@dataclass
class Box:
    column: int
    key: str
    label: str
    cases: int
    x: float
    y: float
    height: float

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= MAX_LABEL else self.label[: MAX_LABEL - 1].rstrip() + "…"

    @property
    def label_x(self) -> float:
        return self.x - 6 if self.column == 0 else self.x + BOX_W + 6

    @property
    def label_y(self) -> float:
        return self.y + min(self.height / 2, 12) + 4

    @property
    def label_end(self) -> bool:
        return self.column == 0


@dataclass
class Flow:
    path: str
    width: float
    cases: int
    victims: int
    crosses_border: bool
    title: str


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box]
    flows: list[Flow]
    columns: list[tuple[float, str]]


COLUMN_X = (250.0, 540.0, 800.0)
WIDTH = 1130
BOX_W = 14.0
TOP = 40.0
GAP = 24.0
MIN_BOX = 8.0
MAX_LABEL = 30  # characters; the full name stays in the box's tooltip


def flow_diagram(summary: RouteSummary, *, column_titles: tuple[str, str, str], max_routes: int = 40) -> Diagram:
    """A three-column Sankey-like layout: origins | transits | destinations.

    A route with transits is drawn origin -> first transit -> destination; one without
    goes straight from origin to destination. Widths are proportional to cases.
    """
    routes = summary.routes[:max_routes]
    segments: dict[tuple[int, str, int, str], list[Route]] = defaultdict(list)
    totals: list[dict[str, int]] = [defaultdict(int), defaultdict(int), defaultdict(int)]
    for r in routes:
        totals[0][r.origin] += r.cases
        totals[2][r.destination] += r.cases
        if r.transits:
            totals[1][r.transits[0]] += r.cases
            segments[(0, r.origin, 1, r.transits[0])].append(r)
            segments[(1, r.transits[0], 2, r.destination)].append(r)
        else:
            segments[(0, r.origin, 2, r.destination)].append(r)
    biggest = max((sum(t.values()) + GAP * len(t) for t in totals if t), default=1)
    scale = max(2.0, min(18.0, 480.0 / max(biggest, 1)))
    boxes: dict[tuple[int, str], Box] = {}
    height = TOP
    for col, counts in enumerate(totals):
        y = TOP
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            h = max(MIN_BOX, n * scale)
            boxes[(col, key)] = Box(col, key, summary.labels.get(key, key), n, COLUMN_X[col], y, h)
            y += h + GAP
        height = max(height, y)
    out_off: dict[tuple[int, str], float] = defaultdict(float)
    in_off: dict[tuple[int, str], float] = defaultdict(float)
    flows = []
    for (c1, k1, c2, k2), rs in sorted(segments.items(), key=lambda kv: (-sum(r.cases for r in kv[1]), kv[0])):
        n = sum(r.cases for r in rs)
        w = max(1.5, n * scale)
        src, dst = boxes[(c1, k1)], boxes[(c2, k2)]
        y1 = src.y + out_off[(c1, k1)] + w / 2
        y2 = dst.y + in_off[(c2, k2)] + w / 2
        out_off[(c1, k1)] += w
        in_off[(c2, k2)] += w
        x1, x2 = src.x + BOX_W, dst.x
        mid = (x1 + x2) / 2
        flows.append(Flow(
            path=f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}", width=round(w, 1),
            cases=n, victims=sum(r.victims for r in rs), crosses_border=any(r.crosses_border for r in rs),
            title=f"{src.label} → {dst.label}"))
    titles = [(COLUMN_X[i] + BOX_W / 2, str(t)) for i, t in enumerate(column_titles)]
    return Diagram(width=WIDTH, height=int(height + 10), boxes=list(boxes.values()), flows=flows, columns=titles)
