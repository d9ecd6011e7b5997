"""The built-in indicators: what each one counts, read straight from the apps below.

Every function here reads categories only (codes of vocabularies, department codes, institution
names) and the date that places the event in a quarter: never an id handed on, a name, a note or
any free text. They are reads for the dashboard's aggregates; access is checked by the selectors
that call them (the monitoring role, or a supervisor's own units through ``Scope``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from statistics import median

from django.db.models import Q, QuerySet
from django.utils import timezone

from enlace.cases.models import Case, CasePerson, CaseStatusChange
from enlace.core.indicators import Duration, Fact, Scope
from enlace.referrals.models import Consent, Referral, ReferralStatus, ReferralStatusChange
from enlace.screening.models import Screening, ScreeningStatus

from .vocabulary import NO_TEAM, UNKNOWN, age_band, merged_forms

VICTIM_ROLES = ("presumed_victim", "victim")
STAGES = ("investigation", "prosecution", "judgment")


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _cases(scope: Scope) -> QuerySet[Case]:
    qs = Case.objects.all()
    return qs if scope.everything else qs.filter(lead_unit_id__in=scope.unit_ids or ())


def case_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """New cases: a case counts in the year it was reported (its creation date when no report date)."""
    start, end = _year_range(year)
    rows = (_cases(scope).filter(Q(reported_on__range=(start, end)) |
                                 Q(reported_on__isnull=True, created_at__year=year))
            .values_list("reported_on", "created_at", "status", "is_transnational", "forms_of_exploitation",
                         "lead_unit__subdivision", "lead_institution__name", "team__code"))
    for reported_on, created_at, status, transnational, forms, department, institution, team in rows.iterator():
        yield Fact(reported_on or _local_date(created_at), {
            "status": status, "transnational": "yes" if transnational else "no",
            "exploitation": merged_forms(forms), "department": department or UNKNOWN,
            "institution": institution, "team": team or NO_TEAM})


def victim_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Victims (presumed and identified): a person counts in the year they were first recorded as a
    presumed victim or a victim in a case (the role's date in the case file)."""
    rows = (CasePerson.objects.filter(role__in=VICTIM_ROLES, added_at__year=year, case__in=_cases(scope))
            .values_list("added_at", "role", "person__sex", "person__birth_year", "age_at_exploitation",
                         "person__nationality", "case__forms_of_exploitation", "case__lead_unit__subdivision",
                         "case__lead_institution__name", "case__team__code"))
    for added_at, role, sex, birth_year, age, nationality, forms, department, institution, team in rows.iterator():
        on = _local_date(added_at)
        if age is None and birth_year:
            age = on.year - birth_year
        yield Fact(on, {
            "victim_status": "identified" if role == "victim" else "presumed", "sex": sex or "U",
            "age_band": age_band(age), "nationality": nationality or UNKNOWN,
            "exploitation": merged_forms(forms), "department": department or UNKNOWN, "institution": institution,
            "team": team or NO_TEAM})


def screening_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Completed screenings and their outcome, by the day of the screening."""
    qs = Screening.objects.filter(status=ScreeningStatus.COMPLETED, screened_on__year=year)
    if not scope.everything:
        qs = qs.filter(unit_id__in=scope.unit_ids or ())
    rows = qs.values_list("screened_on", "outcome", "sex", "subdivision", "institution__name")
    for on, outcome, sex, department, institution in rows.iterator():
        yield Fact(on, {"outcome": outcome or UNKNOWN, "sex": sex or "U", "department": department or UNKNOWN,
                        "institution": institution})


def _referrals(scope: Scope) -> QuerySet[Referral]:
    qs = Referral.objects.all()
    return qs if scope.everything else qs.filter(case__lead_unit_id__in=scope.unit_ids or ())


def referral_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Referrals sent, by service and by where they stand today."""
    rows = _referrals(scope).filter(sent_at__year=year).values_list("sent_at", "service", "status")
    for sent_at, service, status in rows.iterator():
        yield Fact(_local_date(sent_at), {"service": service, "referral_status": status})


def consent_withdrawal_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Consents withdrawn, by the purpose (service) they had been given for."""
    qs = Consent.objects.filter(revoked_at__year=year)
    if not scope.everything:
        qs = qs.filter(person__case_roles__case__lead_unit_id__in=scope.unit_ids or ()).distinct()
    for revoked_at, purpose in qs.values_list("revoked_at", "purpose").iterator():
        if revoked_at is not None:
            yield Fact(_local_date(revoked_at), {"service": purpose})


def acceptance_durations(scope: Scope, year: int) -> Iterator[Duration]:
    """Days from a referral's sending to its acceptance, counted in the year of the acceptance."""
    rows = (ReferralStatusChange.objects.filter(to_status=ReferralStatus.ACCEPTED, at__year=year,
                                                referral__in=_referrals(scope))
            .values_list("at", "referral__sent_at", "referral__service"))
    for at, sent_at, service in rows.iterator():
        days = (_local_date(at) - _local_date(sent_at or at)).days
        yield Duration(_local_date(at), max(0, days), {"service": service})


def stage_durations(scope: Scope, year: int) -> Iterator[Duration]:
    """Days from a case's report to the first time it reached investigation, prosecution and judgment,
    counted in the year the stage was reached."""
    changes = (CaseStatusChange.objects.filter(to_status__in=STAGES, at__year=year, case__in=_cases(scope))
               .values_list("case_id", "to_status", "at", "case__reported_on", "case__created_at")
               .order_by("case_id", "at"))
    first: dict[tuple[int, str], tuple[dt.date, dt.date]] = {}
    for case_id, stage, at, reported_on, created_at in changes.iterator():
        start = reported_on or _local_date(created_at)
        first.setdefault((case_id, stage), (_local_date(at), start))
    for (_case, stage), (reached, start) in first.items():
        yield Duration(reached, max(0, (reached - start).days), {"stage": stage})


def percentile(values: Iterable[int], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1); the median for 0.5 is the usual median."""
    ordered = sorted(values)
    if not ordered:
        return None
    if share == 0.5:
        return float(median(ordered))
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return float(ordered[rank - 1])
