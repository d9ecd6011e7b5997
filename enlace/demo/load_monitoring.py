"""Demo statistics: the population table that SDG 16.2.2 divides by (illustrative figures, marked so),
victims dated when their case was reported, so the dashboard has several years to show, and
consents to research use of de-identified data for most victims of the detailed cases, so the
case-data-standard (HTCDS) release has records to generalise and withhold.

The demo writes every victim today, through the services; a real workspace records them over the
years. Moving the demo's dates back is a demo-only shortcut (a bulk update, not a service call).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from random import Random

from django.utils import timezone

from enlace.accounts.models import User
from enlace.cases.access import Access, case_access
from enlace.cases.models import Case, CasePerson
from enlace.monitoring.services import population_load
from enlace.referrals.models import ConsentBasis, ConsentPurpose, DataCategory
from enlace.referrals.selectors import active_consent_for, subject_is_child
from enlace.referrals.services import consent_record

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


def _research_consent(actor: User, cp: CasePerson) -> bool:
    institution = actor.primary_institution
    if institution is None or active_consent_for(person=cp.person, recipient=institution,
                                                 purpose=ConsentPurpose.RESEARCH):
        return False
    child = bool(subject_is_child(person=cp.person))
    consent_record(actor=actor, person=cp.person, recipient=institution, purpose=ConsentPurpose.RESEARCH,
                   categories=[DataCategory.AGE, DataCategory.SEX, DataCategory.NATIONALITY],
                   basis=ConsentBasis.BEST_INTEREST if child else ConsentBasis.CONSENT, informed=not child,
                   purpose_note="Statistics and research on trafficking, without names.",
                   guardian_name="Defensoría de la Niñez y Adolescencia" if child else "",
                   best_interest_authority="Defensoría de la Niñez y Adolescencia" if child else "")
    return True


def populate_research(*, seed: int, users: dict[str, User], cases: list[Case],
                      write: Callable[[str], object] = print) -> None:
    """Three victims in four of the detailed cases agree to research use of de-identified data."""
    rng = Random(seed + 6)
    workers = [u for u in users.values() if u.can_create_cases]
    given = 0
    for case in cases:
        worker = next((u for u in workers if case_access(u, case) >= Access.FULL), None)
        if worker is None:
            continue
        for cp in case.case_persons.filter(role__in=VICTIM_ROLES).select_related("person"):
            if rng.random() < 0.75:
                given += _research_consent(worker, cp)
    write(f"Consents to research use of de-identified data: {given}.")
