"""Victim-level records for national statistics and releases: categories only, one per person.

A person recorded as a (presumed) victim in several cases is one record, from the earliest case
role ("detected" in the year their status was first recorded). No name, id or free text leaves
this module; callers check the monitoring role first (``selectors.require_monitoring``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from enlace.cases.models import Case, CasePerson, CasePlace

from .kanon import merged
from .vocabulary import CTDC_AGE_BANDS, UNKNOWN, age_group, band, merged_forms

VICTIM_ROLES = ("presumed_victim", "victim")
OFFENDER_ROLES = ("suspect", "defendant")


def _year(value: dt.datetime, tz: dt.tzinfo) -> int:
    """The year in the workspace's time zone (``tz`` read once per export: it is read per row otherwise)."""
    return (value.astimezone(tz) if value.tzinfo is not None else value).year


def _exploitation_countries() -> dict[int, str]:
    """Case -> the country where the exploitation happened (else the destination)."""
    found: dict[int, tuple[int, str]] = {}
    rank = {"exploitation": 0, "destination": 1}
    rows = CasePlace.objects.filter(kind__in=rank).values_list("case_id", "kind", "country").order_by("order", "pk")
    for case_id, kind, country in rows.iterator():
        if case_id not in found or rank[kind] < found[case_id][0]:
            found[case_id] = (rank[kind], country)
    return {case_id: country for case_id, (_r, country) in found.items()}


def _victim_roles(year: int | None, persons: QuerySet | None) -> QuerySet[CasePerson]:
    qs = CasePerson.objects.filter(role__in=VICTIM_ROLES).order_by("person_id", "added_at", "pk")
    if persons is not None:
        qs = qs.filter(person_id__in=persons)
    return qs if year is None else qs.filter(added_at__year__lte=year)


def victim_records(*, year: int | None = None, persons: QuerySet | None = None) -> Iterator[dict[str, str]]:
    """One record per victim, first detected in ``year`` (every year when ``None``), CTDC's variables
    (and the case's status); ``persons`` (a query of person ids) limits them, e.g. to a consent."""
    where = _exploitation_countries()
    tz = timezone.get_current_timezone()
    seen: set[int] = set()
    # The two lists arrive as their JSON text and are read once per distinct text: a register
    # repeats a few hundred combinations over hundreds of thousands of rows.
    rows = _victim_roles(year, persons).annotate(
        forms_json=Cast("case__forms_of_exploitation", TextField()), means_json=Cast("means_of_control", TextField()),
    ).values_list("person_id", "added_at", "person__sex", "person__birth_year", "age_at_exploitation",
                  "person__nationality", "case_id", "forms_json", "means_json", "recruiter_relation", "role",
                  "case__status")
    for (person_id, added_at, sex, birth_year, age, nationality, case_id, forms_json, means_json, relation, role,
         case_status) in rows.iterator():
        if person_id in seen:
            continue
        seen.add(person_id)
        detected = _year(added_at, tz)
        if year is not None and detected != year:
            continue
        if age is None and birth_year:
            age = detected - birth_year
        forms, exploitation = _forms(forms_json)
        yield {"year": str(detected), "age_band": band(age, CTDC_AGE_BANDS), "age_group": age_group(age),
               "gender": sex or "U", "citizenship": nationality or UNKNOWN,
               "country_of_exploitation": where.get(case_id, UNKNOWN), "forms_of_exploitation": forms,
               "exploitation": exploitation, "means_of_control": _means(means_json),
               "recruiter_relation": relation or UNKNOWN, "status": "identified" if role == "victim" else "presumed",
               "case_status": case_status}


@functools.lru_cache(maxsize=4096)
def _codes(text: str | None) -> list[str]:
    value = json.loads(text) if text else None
    return [str(v) for v in value] if isinstance(value, list) else []


@functools.lru_cache(maxsize=4096)
def _forms(text: str | None) -> tuple[str, str]:
    """A case's forms as published: merged into one category, and one form or "multiple"."""
    codes = _codes(text)
    return merged(codes), merged_forms(codes)


@functools.lru_cache(maxsize=4096)
def _means(text: str | None) -> str:
    return merged(_codes(text))


def victim_count() -> int:
    """Persons ever recorded as a (presumed) victim: the number ``victim_records()`` yields."""
    return CasePerson.objects.filter(role__in=VICTIM_ROLES).values("person_id").distinct().count()


def offender_records(*, year: int) -> Iterator[dict[str, str]]:
    """Persons recorded as suspect (contact with the police) or defendant (prosecuted) in ``year``,
    one record per person and role, the first time they were so recorded."""
    tz = timezone.get_current_timezone()
    seen: set[tuple[int, str]] = set()
    rows = (CasePerson.objects.filter(role__in=OFFENDER_ROLES, added_at__year__lte=year)
            .order_by("person_id", "added_at", "pk")
            .values_list("person_id", "role", "added_at", "person__sex", "person__nationality"))
    for person_id, role, added_at, sex, nationality in rows.iterator():
        if (person_id, role) in seen:
            continue
        seen.add((person_id, role))
        if _year(added_at, tz) == year:
            yield {"role": role, "gender": sex or "U", "citizenship": nationality or UNKNOWN}


def offences_recorded(*, year: int) -> int:
    """Cases of trafficking reported in ``year`` (the date of the report, else the day it was opened)."""
    return (Case.objects.filter(reported_on__year=year).count()
            + Case.objects.filter(reported_on__isnull=True, created_at__year=year).count())
