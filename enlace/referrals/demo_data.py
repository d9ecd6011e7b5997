"""Directory, consents and referrals for the demo workspace, made through the services.

``populate(rng=..., users=..., cases=...)`` runs after ``enlace.screening.demo_data.populate``: it lists the
service providers' organisations in the directory, then refers screened and case persons so that every
referral status appears (sent, overdue, accepted, rejected, in service, completed, revoked by a consent
withdrawal), and adds a reflection period and a non-punishment flag. Fictitious data only.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from django.utils import timezone

from enlace.accounts.models import Institution, User
from enlace.accounts.roles import Role
from enlace.cases.access import Access, case_access
from enlace.screening.models import Screening

from . import services, services_protection
from .models import ConsentBasis, DataCategory, Referral, ReferralStatusChange, Service
from .selectors import Subject, subject_is_child

if TYPE_CHECKING:
    from enlace.cases.models import Case

DEPARTMENTS = ["BO-L", "BO-C", "BO-S", "BO-P", "BO-T", "BO-O"]
CATEGORIES = [DataCategory.FIRST_NAME, DataCategory.AGE, DataCategory.LANGUAGE, DataCategory.NEEDS]
NEEDS = ["Safe place to sleep tonight; no documents.", "Medical check-up; pain in the hands.",
         "Speaks Quechua; needs an interpreter.", "Wants to go back to her family in Potosí."]
# Where each demo referral ends up (after "sent"), and who moves it there.
PATH = [(), ("accepted",), ("rejected",), ("accepted", "in_service"), ("accepted", "in_service", "completed"),
        ("revoke_consent",), ("overdue",)]


def _providers(users: dict) -> list:
    return [u for u in users.values() if Role.SERVICE_PROVIDER in getattr(u, "roles", ())]


def _provider_institutions(users: dict) -> list:
    seen, out = set(), []
    for user in _providers(users):
        for m in user.active_memberships:
            if m.role == Role.SERVICE_PROVIDER and m.institution_id not in seen:
                seen.add(m.institution_id)
                out.append((m.institution, user))
    return out


def _directory(rng: random.Random, institutions: list) -> None:
    services_list = list(Service.values)
    for index, (institution, user) in enumerate(institutions):
        offered = rng.sample(services_list, k=min(3, len(services_list)))
        if index == 0:
            offered = list(dict.fromkeys([Service.SHELTER, *offered]))
        for service in offered:
            services.offer_create(actor=user, institution=institution, service=service, country="BO",
                                  subdivision=DEPARTMENTS[index % len(DEPARTMENTS)],
                                  contact=f"+591 2 2{rng.randint(100000, 999999)}",
                                  capacity_notes=rng.choice(["", "12 beds", "Women and children", "Mon-Fri 8-16"]))


def _backdate(referral: Referral, days: int) -> None:
    """Demo only: make a referral look older so the overdue list and reminders have something to show."""
    when = timezone.now() - dt.timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(sent_at=when)
    ReferralStatusChange.objects.filter(referral=referral, from_status="").update(at=when)


def _refer(rng: random.Random, actor: User, subject: Subject, institution: Institution, service: str) -> Referral:
    child = subject_is_child(**subject)
    basis = ConsentBasis.BEST_INTEREST if child else ConsentBasis.CONSENT
    services.consent_record(
        actor=actor, **subject, recipient=institution, purpose=service, categories=CATEGORIES, basis=basis,
        informed=not child, explained_in=rng.choice(["Spanish", "Quechua", "Aymara"]),
        guardian_name="Defensoría de la Niñez y Adolescencia" if child else "",
        best_interest_authority="Defensoría de la Niñez y Adolescencia" if child else "",
        best_interest_reference=f"DNA-{rng.randint(100, 999)}/2026" if child else "")
    return services.referral_create(actor=actor, **subject, service=service, recipient=institution,
                                    needs=rng.choice(NEEDS), language=rng.choice(["Spanish", "Quechua", "Aymara"]),
                                    contact="Through the officer who screened the person.")


def _move(rng: random.Random, referral: Referral, steps: tuple[str, ...], provider: User, actor: User) -> None:
    for step in steps:
        if step == "overdue":
            _backdate(referral, days=rng.randint(5, 9))
        elif step == "revoke_consent":
            services.consent_revoke(actor=actor, consent=referral.consent, note="The person changed their mind.")
        else:
            referral.refresh_from_db()
            services.referral_respond(actor=provider, referral_id=referral.public_id, to_status=step,
                                      reason="No places left this month." if step == "rejected" else "",
                                      outcome="successful" if step == "completed" else "")


def _subjects(users: dict[str, User], cases: list[Case]) -> list[tuple[User, Subject]]:
    """(actor, subject) pairs: completed screenings by their screener, victims in cases by a case worker."""
    out: list[tuple[User, Subject]] = []
    for screening in Screening.objects.filter(status="completed", outcome__in=["presumed_victim", "possible_victim"],
                                              person__isnull=True).select_related("screened_by").order_by("pk"):
        out.append((screening.screened_by, {"person": None, "screening": screening}))
    workers = [u for u in users.values() if getattr(u, "can_create_cases", False)]
    for case in cases:
        worker = next((u for u in workers if case_access(u, case) >= Access.FULL), None)
        if worker is None:
            continue
        for cp in case.case_persons.filter(role__in=["presumed_victim", "victim"]).select_related("person")[:2]:
            out.append((worker, {"person": cp.person, "screening": None}))
    return out


def populate(*, rng: random.Random, users: dict, cases: list) -> None:
    institutions = _provider_institutions(users)
    if not institutions:
        return
    _directory(rng, institutions)
    subjects = _subjects(users, cases)
    kinds = [Service.SHELTER, Service.MEDICAL, Service.PSYCHOLOGICAL, Service.LEGAL_AID, Service.INTERPRETATION,
             Service.RETURN, Service.DOCUMENTATION]
    persons_done = 0
    for index, (actor, subject) in enumerate(subjects):
        for offset in range(2):  # two referrals each, so a handful of persons shows every status
            number = 2 * index + offset
            institution, provider = institutions[number % len(institutions)]
            referral = _refer(rng, actor, subject, institution, kinds[number % len(kinds)])
            _move(rng, referral, PATH[number % len(PATH)], provider, actor)
        person = subject["person"]
        if person is not None and persons_done % 2 == 0:  # every other person in a case
            start = timezone.localdate() - dt.timedelta(days=rng.randint(10, 50))
            period = services_protection.recovery_period_start(
                actor=actor, person=person, starts_on=start, ends_on=start + dt.timedelta(days=30),
                granted_by="Fiscalía Departamental")
            services_protection.recovery_period_extend(
                actor=actor, period=period, expected_version=period.version,
                new_end=start + dt.timedelta(days=60), reason="Medical treatment not finished.")
            services_protection.non_punishment_flag_add(
                actor=actor, person=person, offences=["irregular_entry_or_stay", "false_documents"],
                note="Crossed the border with a document supplied by the recruiter.")
        persons_done += person is not None
    services.referrals_remind()
