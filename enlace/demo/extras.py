"""The rest of the demo after the cases: screenings, consents and referrals, and cross-case
matching (hits, a review queue, decisions, information requests), evidence with its chain of custody. Each app owns its demo data
(``<app>/demo_data.py``) and writes it through its own services; this module only orders them."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.utils import timezone

from enlace.accounts.models import User
from enlace.capacity import demo_data as capacity_demo
from enlace.capacity.models import Round
from enlace.cases.models import Case
from enlace.demo import load_monitoring, load_proceedings, load_techniques
from enlace.links import demo_data as links_demo
from enlace.prosecution import demo_data as prosecution_demo
from enlace.referrals import demo_data as referrals_demo
from enlace.screening import demo_data as screening_demo
from enlace.screening.models import Screening


def populate_extras(*, seed: int, usernames: list[str], case_limit: int,
                    write: Callable[[str], object] = print) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    if not Round.objects.exists() and "capacidad.gestion" in users:
        stats = capacity_demo.populate(rng=random.Random(seed + 4), users=users, today=timezone.localdate())
        write(f"Capacity assessments, action plans and training added: {stats}.")
    load_monitoring.populate(seed=seed, write=write)
    if Screening.objects.exists():
        write("Screenings, referrals and matches were added by an earlier demo run; not adding them twice.")
        return
    cases = list(Case.objects.order_by("pk")[:case_limit])
    screening_demo.populate(rng=random.Random(seed + 1), users=users, cases=cases)
    write("Screenings added.")
    referrals_demo.populate(rng=random.Random(seed + 2), users=users, cases=cases)
    write("Consents, referrals and protection records added.")
    stats = links_demo.populate(rng=random.Random(seed + 3), users=users, cases=cases)
    write(f"Cross-case matching done: {stats}.")
    stats = prosecution_demo.populate(cases=cases)
    write(f"Evidence with its chain of custody added: {stats}.")
    write(f"Special investigative techniques added: {load_techniques.populate(cases=cases)}.")
    write(f"Proceedings added: {load_proceedings.populate(cases=cases)}.")
    load_monitoring.populate_research(seed=seed, users=users, cases=cases, write=write)
