"""Screenings for the demo workspace, made through the services (so they are audited like real ones).

``populate(rng=..., users=..., cases=...)`` adds drafts, completed screenings with each outcome, an
anonymous one, one with an unknown age, one handed to a team and one turned into a person in a case.
Fictitious data only.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from enlace.accounts.models import Team
from enlace.cases.access import Access, case_access

from . import services
from .models import Screening
from .selectors import dimension_keys, screening_instruments

PLACES = [
    ("BO-L", "Desaguadero border post"), ("BO-P", "Villazón border crossing"), ("BO-L", "El Alto bus terminal"),
    ("BO-S", "Puerto Quijarro border post"), ("BO-C", "Labour inspection, Quillacollo"),
    ("BO-S", "Santa Cruz bus terminal"), ("BO-T", "Bermejo border post"), ("BO-O", "Oruro bus terminal"),
]
GIVEN = ["Rosa", "Juana", "Mario", "Wilma", "Efraín", "Lidia", "Celestino", "Noemí"]
SURNAMES = ["Mamani", "Quispe", "Condori", "Choque", "Huanca", "Apaza", "Flores", "Ticona"]

# (exploitation, age, anonymous, dimensions to make positive, dimensions with a lone indicator, complete)
SCENARIOS = [
    ("labour", 24, False, (1, 4, 5), (), True),     # presumed victim, adult labour
    ("sexual", 19, True, (1, 4), (6,), True),       # possible victim: destination missing
    ("labour", 15, False, (2, 4), (), True),        # child: presumed without destination
    ("sexual", None, True, (1, 4), (5,), True),     # age unknown: both lists, most protective
    ("labour", 31, False, (), (), True),            # no indicators
    ("labour", 27, True, (3, 4, 6), (), True),      # presumed, handed to a team
    ("sexual", 22, False, (1,), (), False),         # draft in progress
    ("labour", None, True, (), (), False),          # draft just started
]


def _pick(screening: Screening, number: int, rng: random.Random, *, positive: bool) -> list[str]:
    """Indicator keys that make dimension ``number`` positive (strong + medium) or leave it one short."""
    adult, child = screening_instruments(screening)
    instrument = adult or child
    assert instrument is not None, "a screening asks at least one list"
    allowed = dimension_keys(screening, number)
    indicators = [i for i in instrument.dimension(number).indicators if i.key in allowed]
    strong = [i.key for i in indicators if i.strength == "strong"]
    medium = [i.key for i in indicators if i.strength == "medium"]
    if positive:
        if strong and medium:
            return [rng.choice(strong), rng.choice(medium)]
        return rng.sample(medium, 3) if len(medium) >= 3 else medium + strong
    return [rng.choice(medium or strong)]


def _screeners(users: dict) -> list:
    frontline = [u for u in users.values() if getattr(u, "can_screen", False) and not u.can_work_cases]
    return frontline or [u for u in users.values() if getattr(u, "can_screen", False)]


def populate(*, rng: random.Random, users: dict, cases: list) -> None:
    screeners = _screeners(users)
    if not screeners:
        return
    services.sync_builtin_instruments()
    made = []
    for index, (exploitation, age, anonymous, positive, lone, complete) in enumerate(SCENARIOS):
        actor = screeners[index % len(screeners)]
        subdivision, place = PLACES[index % len(PLACES)]
        screening = services.screening_start(
            actor=actor, exploitation=exploitation, age_at_exploitation=age, country="BO", subdivision=subdivision,
            place_description=place, screened_on=timezone.localdate() - dt.timedelta(days=rng.randint(0, 40)))
        if index == len(SCENARIOS) - 1:
            continue  # a draft that stopped after the first step
        services.screening_set_identity(
            actor=actor, screening=screening, expected_version=screening.version, anonymous=anonymous,
            given_names="" if anonymous else rng.choice(GIVEN), first_surname="" if anonymous else rng.choice(SURNAMES),
            second_surname="" if anonymous else rng.choice(SURNAMES), sex=rng.choice(["F", "M", "F"]),
            nationality=rng.choice(["BO", "BO", "PE", "PY"]))
        for number in range(1, 7):
            yes = (_pick(screening, number, rng, positive=True) if number in positive
                   else _pick(screening, number, rng, positive=False) if number in lone else [])
            services.screening_answer(actor=actor, screening=screening, expected_version=screening.version,
                                      dimension=number, yes=yes)
        if not complete:
            continue
        services.screening_set_elements(
            actor=actor, screening=screening, expected_version=screening.version,
            acts=["recruitment", "transportation"] if positive else [],
            means=["deception"] if 1 in positive else (["abuse_of_vulnerability"] if positive else []),
            purposes=["forced_labour" if exploitation == "labour" else "sexual_exploitation"] if positive else [],
            forms_of_exploitation=["forced_labour" if exploitation == "labour" else "sexual"] if positive else [])
        services.screening_complete(actor=actor, screening=screening, expected_version=screening.version)
        made.append(screening)
    _hand_over_and_convert(made, users, cases)


def _hand_over_and_convert(made: list, users: dict, cases: list) -> None:
    """The last presumed/possible victim is handed to a team; the first one is handed to the team of a demo
    case and a member of that team adds the person to the case (screening -> person -> case)."""
    candidates = [s for s in made if s.may_be_victim]
    if not candidates:
        return
    team = Team.objects.filter(is_active=True).order_by("pk").first()
    if team is not None and len(candidates) > 1:
        services.screening_hand_over(actor=candidates[-1].screened_by, screening=candidates[-1], team=team)
    workers = [u for u in users.values() if getattr(u, "can_create_cases", False)]
    for case in cases:
        if case.team_id is None:
            continue
        worker = next((u for u in workers if u.teams.filter(pk=case.team_id).exists()
                       and case_access(u, case) >= Access.FULL), None)
        if worker is None:
            continue
        screening = candidates[0]
        services.screening_hand_over(actor=screening.screened_by, screening=screening, team=case.team)
        screening.refresh_from_db()
        services.screening_convert(actor=worker, screening=screening, expected_version=screening.version, case=case)
        return
