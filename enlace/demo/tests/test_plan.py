"""The plan of demo cases, without a database: deterministic, valid vocabulary, realistic."""

import datetime as dt
from random import Random

from enlace.cases.vocabulary import (
    STATUS_TRANSITIONS,
    EventKind,
    ExploitationForm,
    LabourSector,
    MeansOfControl,
    ParticipantRole,
    PerpetratorRole,
    PlaceKind,
)
from enlace.demo import tables
from enlace.demo.plan import STATUS_WEIGHTS, Planner, status_path
from enlace.geo.selectors import is_country, is_subdivision_of

TODAY = dt.date(2026, 6, 1)


def test_same_seed_same_plans_different_seed_different_plans():
    a = [Planner(seed=3, n_cases=40, today=TODAY).plan(i) for i in range(40)]
    b = [Planner(seed=3, n_cases=40, today=TODAY).plan(i) for i in range(40)]
    c = [Planner(seed=4, n_cases=40, today=TODAY).plan(i) for i in range(40)]
    assert a == b
    assert [p.title for p in a] != [p.title for p in c]


def test_case_i_does_not_depend_on_the_size_of_the_demo():
    """Chunked bulk loading relies on plan(i) being the same whatever the total."""
    assert Planner(seed=1, n_cases=20, today=TODAY).plan(15).persons == \
        Planner(seed=1, n_cases=20, today=TODAY).plan(15).persons


def test_status_paths_follow_the_lifecycle():
    rng = Random(0)
    for target in STATUS_WEIGHTS:
        for _ in range(200):
            path = ["reported"] + status_path(rng, target)
            assert path[-1] == target
            for a, b in zip(path, path[1:], strict=False):
                assert b in STATUS_TRANSITIONS[a], (a, b, path)


def test_every_code_is_in_the_vocabulary():
    planner = Planner(seed=9, n_cases=300, today=TODAY)
    for plan in planner.plans():
        assert set(plan.forms) <= set(ExploitationForm.values)
        assert set(plan.sectors) <= set(LabourSector.values)
        assert {k for k, _d, _t in plan.events} <= set(EventKind.values)
        for place in plan.places:
            assert place.kind in PlaceKind.values
            assert is_country(place.country)
            assert not place.subdivision or is_subdivision_of(place.subdivision, place.country)
            assert not place.municipality or place.municipality in tables.municipality_names()
        for person in plan.persons:
            assert person.role in ParticipantRole.values
            assert set(person.fields.get("means_of_control", [])) <= set(MeansOfControl.values)
            assert set(person.fields.get("perpetrator_roles", [])) <= set(PerpetratorRole.values)
        assert all(d < 0 for _s, d in plan.statuses)
        assert plan.reported < 0


def test_the_scripted_recruiter_recurs_in_three_departments():
    planner = Planner(seed=1, n_cases=12, today=TODAY)
    departments = set()
    for plan in planner.plans():
        for person in plan.persons:
            if person.data.get("first_surname", "").startswith("Mam") and "Chino" in person.data.get("aliases", ""):
                departments.add(plan.department)
    assert departments == {"BO-L", "BO-C", "BO-S"}


def test_names_documents_and_phones_look_bolivian():
    persons = [p.data for plan in Planner(seed=2, n_cases=200, today=TODAY).plans() for p in plan.persons if p.data]
    bolivian = [d for d in persons if d["nationality"] == "BO"]
    assert all(d["first_surname"] for d in persons)
    andean = set(tables.names()["andean"])
    assert sum(d["first_surname"] in andean for d in bolivian) > len(bolivian) / 3
    cis = [n for d in bolivian for _t, n, _c in d["documents"]]
    assert any(n.endswith(("LP", "CB", "SC", "PT", "OR", "CH", "BN")) for n in cis)
    digits = ["".join(ch for ch in ph if ch.isdigit())[-8:] for d in bolivian for ph in d["phones"]
              if not ph.startswith(("+54", "+51"))]  # a Bolivian recruiter may use an Argentine number
    assert digits and all(x[0] in "67" for x in digits)
    assert any(d["nationality"] == "PE" and d["documents"] for d in persons)
    assert any(d.get("aliases") for d in persons)


def test_transnational_routes_exist():
    plans = list(Planner(seed=5, n_cases=120, today=TODAY).plans())
    destinations = {pl.country for p in plans for pl in p.places}
    assert {"AR", "BR", "CL", "PE"} <= destinations
    assert any(p.is_transnational for p in plans) and not all(p.is_transnational for p in plans)


def test_big_demos_split_departments_into_teams_of_a_few_thousand_cases():
    planner = Planner(seed=1, n_cases=100_000, today=TODAY, big=True)
    assert planner.teams["BO-L"] > 5
    slots = {planner.plan(i).slot for i in range(200, 400) if planner.plan(i).department == "BO-L"}
    assert len(slots) > 3
