"""The demo hook: matching over a small workspace gives hits, a queue, decisions, assets."""

from __future__ import annotations

import random

import pytest

from enlace.links.demo_data import populate
from enlace.links.models import CandidateStatus, MatchCandidate, PersonMerge
from enlace.persons.models import BankAccount

from .links_factories import add_person, other_unit_world

pytestmark = pytest.mark.django_db


def test_populate_over_a_small_workspace(world):
    w = other_unit_world(world)
    inv = world["investigator"]
    from enlace.cases.services import case_create

    second = case_create(actor=inv, title="Second La Paz case", lead_institution=world["police"],
                         lead_unit=world["lpz"], team=world["team"])
    for case, actor in ((world["case"], inv), (w["cbba_case"], w["cbba_inv"])):
        add_person(actor, case, given_names="Juan Carlos", first_surname="Mamani", second_surname="Quispe",
                   birth_year=1984, sex="M", documents=[("national_id", "4785123 LP", "BO")], phones=["71234567"])
    add_person(inv, world["case"], given_names="Wilber", first_surname="Huamán", second_surname="Ccama",
               birth_year=1990, sex="M", nationality="PE", documents=[("national_id", "41234567", "PE")])
    users = {u.username: u for u in (inv, world["prosecutor"], world["supervisor"], w["cbba_inv"], w["cbba_liaison"],
                                     world["other_supervisor"])}
    stats = populate(rng=random.Random(1), users=users, cases=[world["case"], second, w["cbba_case"]])
    assert stats["duplicates"] >= 1  # a record typed twice in the team's cases
    assert MatchCandidate.objects.filter(kind="same_person").exists()
    assert stats["shared_assets"] >= 1 and BankAccount.objects.count() >= 2
    assert stats["decisions"] >= 1
    assert MatchCandidate.objects.filter(status=CandidateStatus.CONFIRMED).exists() == PersonMerge.objects.exists()
