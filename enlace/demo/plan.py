"""Deterministic plans of demo cases: plain data, no database.

Why a plan separate from loading: the same plan is written either through the services
(default size: audit chain, encryption and validation exercised as in real use) or with
``bulk_create`` (benchmarks with 100,000 cases), and the tests can check determinism and
realism without a database. Case ``i`` depends only on ``(seed, i)``, so big demos can be
generated in chunks. Dates are day offsets from the load day (negative = past), so tasks
are overdue relative to the day the demo is looked at.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from random import Random
from typing import Any

from . import people, tables

CASES_PER_TEAM = 2500  # big demos split a department's cases over EMEs of about this size
STATUS_WEIGHTS = {"reported": 8, "identification": 8, "investigation": 34, "prosecution": 14, "trial": 8,
                  "judgment": 6, "closed": 15, "archived": 7}
STAGE = {s: i for i, s in enumerate(("reported", "identification", "investigation", "prosecution", "trial",
                                     "judgment", "closed", "archived"))}
RELATIONS = (("unknown", 3), ("friend", 3), ("other", 3), ("family", 2), ("intimate_partner", 1))


@dataclass
class PersonPlan:
    role: str
    data: dict[str, Any] = field(default_factory=dict)  # PersonInput keyword arguments
    fields: dict[str, Any] = field(default_factory=dict)  # CasePerson role fields
    key: str = ""  # remember the created person under this key ...
    reuse: str = ""  # ... or link the person remembered under this key


@dataclass
class PlacePlan:
    kind: str
    country: str
    subdivision: str
    municipality: str  # geo.Municipality code or ""
    description: str


@dataclass
class CasePlan:
    index: int
    scenario: str
    department: str
    slot: int
    lead: str  # institution code: policia | fiscalia
    title: str
    summary: str
    forms: list[str]
    sectors: list[str]
    tags: list[str]
    reported: int
    places: list[PlacePlan]
    persons: list[PersonPlan]
    statuses: list[tuple[str, int]]  # transitions after "reported": (status, day)
    events: list[tuple[str, int, str]]  # (kind, day, description)
    tasks: list[tuple[str, int | None, str, bool]]  # (title, due day, assignee role or "", done)
    notes: list[tuple[str, int]]
    sharings: list[str]
    participant: str = ""  # username of a demo user added by name (big demos)

    @property
    def status(self) -> str:
        return self.statuses[-1][0] if self.statuses else "reported"

    @property
    def is_transnational(self) -> bool:
        return any(p.country != "BO" for p in self.places)


def _weighted(rng: Random, pairs: Mapping[Any, float] | Iterable[tuple[Any, float]]) -> Any:
    items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def status_path(rng: Random, target: str) -> list[str]:
    """Statuses after 'reported' that reach ``target`` through allowed transitions."""
    if target == "reported":
        return []
    if target == "closed" and rng.random() < 0.35:
        return ["closed"]  # complaint rejected at intake
    steps = ["identification"] if target == "identification" or rng.random() < 0.5 else []
    if target == "identification":
        return steps
    steps.append("investigation")
    if target == "investigation":
        return steps
    if target == "archived":
        return steps + (["archived"] if rng.random() < 0.6 else ["closed", "archived"])
    if target == "closed" and rng.random() < 0.5:
        return steps + ["closed"]  # dismissed during investigation
    for s in ("prosecution", "trial", "judgment", "closed"):
        steps.append(s)
        if s == target:
            break
    return steps


def _spread(rng: Random, start: int, n: int) -> list[int]:
    """n increasing day offsets after ``start`` and before today."""
    span = max(n, -start - 1)
    days = sorted(rng.sample(range(1, span + 1), n)) if n else []
    return [min(start + d, -1) for d in days]


class Planner:
    def __init__(self, *, seed: int, n_cases: int, today: dt.date, big: bool = False) -> None:
        self.seed, self.n_cases, self.today, self.big = seed, n_cases, today, big
        self.scen = tables.scenarios()
        self.story = tables.story()
        self.teams = {d: (max(1, math.ceil(n_cases * s / CASES_PER_TEAM)) if big else 1)
                      for d, s in tables.department_shares().items()}
        self.pool = people.network_pool(seed, max(4, n_cases // 40))

    def plans(self, start: int = 0, stop: int | None = None) -> Iterator[CasePlan]:
        for i in range(start, self.n_cases if stop is None else stop):
            yield self.plan(i)

    def plan(self, i: int) -> CasePlan:
        rng = Random(f"{self.seed}:{i}")
        scripted = self.story["cases"][i] if i < len(self.story["cases"]) else None
        if scripted:
            sc = tables.scenario_map()[scripted["scenario"]]
            dep, lead, target, slot = scripted["department"], scripted["lead"], scripted["status"], 0
        else:
            sc = _weighted(rng, [(s, s["weight"]) for s in self.scen["scenarios"]])
            dep = rng.choice(sc["departments"])
            lead = "fiscalia" if rng.random() < 0.25 else "policia"
            target = _weighted(rng, STATUS_WEIGHTS)
            slot = rng.randrange(self.teams.get(dep, 1))
        statuses = status_path(rng, target)
        reported = -rng.randint(30 + 25 * len(statuses), 1100)
        status_days = list(zip(statuses, _spread(rng, reported, len(statuses)), strict=True))
        places, labels = self._places(rng, sc, dep)
        title = rng.choice(sc["titles"]).format(**labels)
        summary = rng.choice(sc["summaries"]).format(**labels)
        persons = self._persons(rng, sc, dep, target, reported, scripted, places)
        tags = list(sc["tags"]) + (["transfronterizo"] if any(p.country != "BO" for p in places) else [])
        plan = CasePlan(
            index=i, scenario=sc["key"], department=dep, slot=slot, lead=lead, title=title, summary=summary,
            forms=list(sc["forms"]), sectors=list(sc["sectors"]), tags=tags, reported=reported, places=places,
            persons=persons, statuses=status_days, events=[], tasks=[], notes=[], sharings=[],
        )
        plan.events = self._events(rng, plan, labels)
        plan.tasks = self._tasks(rng, sc, plan)
        notes = sc["notes"] + self.scen["notes"]
        plan.notes = [(text, d) for text, d in zip(rng.sample(notes, rng.randint(1, 2)),
                                                   _spread(rng, reported, 2), strict=False)]
        plan.sharings = self._sharings(rng, plan)
        if self.big and not scripted and rng.random() < 0.005:
            plan.participant = rng.choice(["investigador.lpz", "investigador.cbb", "investigador.scz"])
        return plan

    # -- parts --------------------------------------------------------------------------

    def _places(self, rng: Random, sc: dict, dep: str) -> tuple[list[PlacePlan], dict[str, str]]:
        home_code = rng.choice(tables.departments()[dep]["home"])
        home = tables.municipality_names()[home_code]
        labels = {"home": home, "dest": home, "origin": home}
        places = []
        for item in sc["route"]:
            if item.get("at") == "home":
                p = PlacePlan(item["kind"], "BO", dep, home_code, item.get("description", home))
                label = home
            else:
                c = rng.choice(item["choices"])
                p = PlacePlan(item["kind"], c["country"], c.get("subdivision", ""), c.get("municipality", ""),
                              c["description"])
                label = c.get("label", c["description"])
            if item.get("dest"):
                labels["dest"] = label
            elif item["kind"] in ("origin", "recruitment"):
                labels["origin"] = label
            places.append(p)
        return places, labels

    def _persons(self, rng: Random, sc: dict[str, Any], dep: str, target: str, reported: int,
                 scripted: dict[str, Any] | None, places: list[PlacePlan]) -> list[PersonPlan]:
        ref_year = (self.today + dt.timedelta(days=reported)).year
        stage = STAGE[target]
        origin = next((p for p in places if p.kind in ("origin", "recruitment")), None)
        origin_sub = origin.subdivision if origin and origin.country == "BO" else dep
        out: list[PersonPlan] = []
        v = sc["victims"]
        for _ in range(rng.randint(v["min"], v["max"])):
            sex = "F" if rng.random() < v["female"] else "M"
            age = rng.randint(*v["age"])
            data = people.new_person(rng, sex=sex, age=age, nationality=v["nationality"], home_sub=origin_sub,
                                     ref_year=ref_year, doc_share=0.65, phone_share=0.6, alias_share=0.08)
            role = "victim" if stage >= STAGE["investigation"] and rng.random() < 0.6 else "presumed_victim"
            decided = "ngo" if rng.random() < 0.15 else ("court" if stage >= STAGE["prosecution"] else "police")
            out.append(PersonPlan(role, data, {
                "age_at_exploitation": age, "means_of_control": rng.sample(sc["means"], rng.randint(1, 3)),
                "recruiter_relation": _weighted(rng, RELATIONS),
                "trafficking_status": "actual" if role == "victim" else "possible", "status_decided_by": decided}))
        injected = self._injected(scripted, stage) if scripted else []
        out.extend(injected)
        s = sc["suspects"]
        n_suspects = max(0, rng.randint(s["min"], s["max"]) - len(injected))
        for k in range(n_suspects):
            role = "defendant" if stage in (STAGE["trial"], STAGE["judgment"]) or (
                stage == STAGE["prosecution"] and rng.random() < 0.5) else "suspect"
            if k == 0 and not scripted and rng.random() < 0.12:
                data = people.network_variant(rng, rng.choice(self.pool))
            else:
                nat = s.get("foreign", "BO") if rng.random() < s.get("foreign_share", 0) else "BO"
                female = 0.4 if "sexual" in sc["forms"] else 0.2
                data = people.new_person(rng, sex="F" if rng.random() < female else "M", age=rng.randint(22, 60),
                                         nationality=nat, home_sub=dep, ref_year=ref_year, doc_share=0.6,
                                         phone_share=0.85, alias_share=0.5, street_names=True)
            out.append(PersonPlan(role, data, {"perpetrator_roles": list(rng.choice(s["roles"]))}))
        if out and rng.random() < 0.35:
            first = out[0].data
            data = people.new_person(rng, sex="F", age=rng.randint(35, 60), nationality="BO", home_sub=origin_sub,
                                     ref_year=ref_year, doc_share=0.8, phone_share=0.9, alias_share=0.0)
            if first.get("first_surname") and rng.random() < 0.6:
                data["second_surname"] = data["first_surname"]
                data["first_surname"] = first["first_surname"]  # the victim's mother reports
                out.append(PersonPlan("reporting", data, {}))
            else:
                out.append(PersonPlan("witness", data, {}))
        return out

    def _injected(self, scripted: dict, stage: int) -> list[PersonPlan]:
        out = []
        for item in scripted["inject"]:
            fields = {k: item[k] for k in ("perpetrator_roles", "age_at_exploitation") if k in item}
            if item["role"] == "victim":
                fields.update(trafficking_status="actual", status_decided_by="police")
            if "reuse" in item:
                out.append(PersonPlan(item["role"], {}, fields, reuse=item["reuse"]))
            else:
                data = dict(self.story["persons"][item["person"]][item["variant"]])
                data["documents"] = [tuple(d) for d in data.get("documents", [])]
                out.append(PersonPlan(item["role"], data, fields, key=item.get("key", "")))
        return out

    def _events(self, rng: Random, plan: CasePlan, labels: dict) -> list[tuple[str, int, str]]:
        g, sc = self.scen, tables.scenario_map()[plan.scenario]
        ev = [("report", plan.reported, rng.choice(g["reporting_channels"]))]
        victims = sum(1 for p in plan.persons if p.role in ("victim", "presumed_victim"))
        for status, day in plan.statuses:
            if status in ("identification", "investigation") and not any(k == "operation" for k, _d, _t in ev):
                op_day = max(day - rng.randint(0, 5), plan.reported)
                ev.append(("operation", op_day, rng.choice(sc["operations"]).format(**labels)))
                if victims:
                    ev.append(("rescue", op_day, f"Rescate de {victims} presunta(s) víctima(s)"))
                ev.append(("interview", min(op_day + 1, -1), rng.choice(g["interviews"])))
            if status == "investigation" and rng.random() < 0.5:
                ev.append(("arrest", day, rng.choice(g["arrests"])))
            elif status == "prosecution":
                ev += [("charge", day, g["charges"][0]), ("hearing", min(day + 1, -1), g["hearings"][rng.randint(0, 1)])]
            elif status == "trial":
                ev += [("charge", day, g["charges"][1]), ("hearing", min(day + 2, -1), g["hearings"][2])]
            elif status == "judgment":
                ev.append(("judgment", day, rng.choice(g["judgments"])))
        return sorted(ev, key=lambda e: e[1])

    def _tasks(self, rng: Random, sc: dict, plan: CasePlan) -> list[tuple[str, int | None, str, bool]]:
        is_open = plan.status not in ("closed", "archived")
        titles = rng.sample(sc["tasks"] + self.scen["tasks"], rng.randint(1, 3))
        out: list[tuple[str, int | None, str, bool]] = []
        for title in titles:
            assignee = _weighted(rng, [("investigator", 5), ("prosecutor", 3), ("", 2)])
            r = rng.random()
            if not is_open or r < 0.2:
                out.append((title, min(plan.reported + rng.randint(5, 60), -1), assignee, True))
            elif r < 0.5:
                out.append((title, -rng.randint(1, 30), assignee, False))  # overdue
            else:
                out.append((title, rng.randint(2, 45) if rng.random() < 0.9 else None, assignee, False))
        return out

    def _sharings(self, rng: Random, plan: CasePlan) -> list[str]:
        out = []
        if plan.is_transnational:
            out.append("transnational")
        if "forced_labour" in plan.forms and rng.random() < 0.5:
            out.append("forced_labour")
        if rng.random() < 0.3:
            out.append("victim_services")
        return out
