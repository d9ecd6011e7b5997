"""Demo statistics: the population table that SDG 16.2.2 divides by (illustrative figures, marked so),
and victims dated when their case was reported, so the dashboard has several years to show.

The demo writes every victim today, through the services; a real workspace records them over the
years. Moving the demo's dates back is a demo-only shortcut (a bulk update, not a service call).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from random import Random

from django.utils import timezone

from enlace.cases.models import CasePerson
from enlace.monitoring.services import population_load

VICTIM_ROLES = ("presumed_victim", "victim")


def _date_victims(rng: Random) -> int:
    today = timezone.localdate()
    moved = 0
    roles = CasePerson.objects.filter(role__in=VICTIM_ROLES, case__reported_on__isnull=False)
    for role_id, reported_on in roles.values_list("pk", "case__reported_on"):
        if reported_on is None:
            continue
        day = min(today, reported_on + dt.timedelta(days=rng.randint(0, 20)))
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        moved += CasePerson.objects.filter(pk=role_id).update(added_at=at)
    return moved


def populate(*, seed: int = 0, write: Callable[[str], object] = print) -> None:
    write(f"Population table for SDG 16.2.2 loaded ({population_load(actor=None)} figures, illustrative).")
    write(f"Victims dated by their case's report: {_date_victims(Random(seed + 5))}.")
