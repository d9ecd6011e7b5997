"""The prosecution's indicators on the committee's dashboard: charges, judgments and their verdicts
and sentences, and the time from a case's report to a judgment.

Registered through ``enlace.core.indicators`` in ``ProsecutionConfig.ready()`` (the monitoring app
sits in the same layer and may not be imported). Each function yields categories and a date only,
never an id, a name, a court or free text; the dashboard suppresses small cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.core.indicators import (
    Duration,
    DurationIndicator,
    Fact,
    Indicator,
    OffenderCount,
    Scope,
    register_dimension,
    register_indicator,
    register_offender_count,
)

from .models_proceedings import Charge, Judgment
from .vocabulary_proceedings import ChargeStatus, Verdict

UNKNOWN = "unknown"
# Sentence bands in years of imprisonment (Bolivia's art. 281 bis: 10 to 15 years, more when aggravated).
SENTENCE_BANDS = ((Decimal(0), Decimal(5), "0-4"), (Decimal(5), Decimal(10), "5-9"), (Decimal(10), Decimal(16), "10-15"),
                  (Decimal(16), Decimal(1000), "16+"))
SOURCE = gettext_lazy("Proceedings: charges (date, status), judgments (date, verdict, sentence), the defendant's sex "
                      "and the lead unit of the case.")


def _in_scope(qs: QuerySet, scope: Scope) -> QuerySet:
    return qs if scope.everything else qs.filter(case__lead_unit_id__in=scope.unit_ids or ())


def sentence_band(verdict: str, years: Decimal | None) -> str:
    if verdict != Verdict.CONVICTED:
        return "none"
    if years is None:
        return UNKNOWN
    return next((label for low, high, label in SENTENCE_BANDS if low <= years < high), UNKNOWN)


def charge_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Charges by the date they were brought (the day recorded when no date was given)."""
    rows = (_in_scope(Charge.objects.all(), scope)
            .filter(charged_on__year=year).values_list("charged_on", "status", "defendant__person__sex",
                                                      "case__lead_unit__subdivision"))
    for on, status, sex, department in rows.iterator():
        yield Fact(on, {"charge_status": status, "sex": sex or "U", "department": department or UNKNOWN})


def judgment_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Judgments by their date: verdict, sentence band, the defendant's sex and nationality."""
    rows = (_in_scope(Judgment.objects.all(), scope)
            .filter(decided_on__year=year).values_list("decided_on", "verdict", "sentence_years",
                                                      "defendant__person__sex", "defendant__person__nationality",
                                                      "case__lead_unit__subdivision"))
    for on, verdict, years, sex, nationality, department in rows.iterator():
        yield Fact(on, {"verdict": verdict, "sentence": sentence_band(verdict, years), "sex": sex or "U",
                        "nationality": nationality or UNKNOWN, "department": department or UNKNOWN})


def convicted_records(year: int) -> Iterator[dict[str, str]]:
    """Persons convicted (of any charge) for the first time in ``year``, one record per person."""
    seen: set[int] = set()
    rows = (Judgment.objects.filter(verdict=Verdict.CONVICTED, decided_on__year__lte=year)
            .order_by("defendant__person_id", "decided_on", "pk")
            .values_list("defendant__person_id", "decided_on", "defendant__person__sex",
                         "defendant__person__nationality"))
    for person_id, decided_on, sex, nationality in rows.iterator():
        if person_id in seen:
            continue
        seen.add(person_id)
        if decided_on.year == year:
            yield {"gender": sex or "U", "citizenship": nationality or UNKNOWN}


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def judgment_durations(scope: Scope, year: int) -> Iterator[Duration]:
    """Days from the case's report (else its opening) to each judgment given in the year, by verdict."""
    rows = (_in_scope(Judgment.objects.all(), scope)
            .filter(decided_on__year=year).values_list("decided_on", "verdict", "case__reported_on",
                                                      "case__created_at"))
    for on, verdict, reported_on, created_at in rows.iterator():
        start = reported_on or _local_date(created_at)
        yield Duration(on, max(0, (on - start).days), {"verdict": verdict})


def _choice(choices: list[tuple[str, Any]], code: str) -> str:
    return str(dict(choices).get(code, code))


def _sentence_label(code: str) -> str:
    if code == "none":
        return _("No prison sentence (acquitted or dismissed)")
    if code == UNKNOWN:
        return _("Not recorded")
    return _("%(band)s years") % {"band": code}


def register() -> None:
    register_offender_count(OffenderCount(key="convicted", indicator="Persons convicted",
                                          records=convicted_records, order=30))
    register_dimension("charge_status", label=gettext_lazy("Charge status"),
                       label_of=lambda code: _choice(ChargeStatus.choices, code))
    register_dimension("verdict", label=gettext_lazy("Verdict"), label_of=lambda code: _choice(Verdict.choices, code))
    register_dimension("sentence", label=gettext_lazy("Sentence"), label_of=_sentence_label)
    register_indicator(Indicator(
        key="charges", title=gettext_lazy("Charges brought"), order=80, source=SOURCE, facts=charge_facts,
        definition=gettext_lazy("Charges against a defendant by the date they were brought, by where they stand "
                                "today (being prepared, filed, withdrawn)."),
        dimensions=("charge_status", "sex", "department")))
    register_indicator(Indicator(
        key="judgments", title=gettext_lazy("Judgments: convictions, acquittals and sentences"), order=90,
        source=SOURCE, facts=judgment_facts,
        definition=gettext_lazy("Judgments on a defendant by their date: the verdict, and for a conviction the "
                                "sentence of imprisonment in bands of years."),
        dimensions=("verdict", "sentence", "sex", "nationality", "department")))
    register_indicator(DurationIndicator(
        key="time_to_judgment", title=gettext_lazy("Time from report to judgment"), order=95, source=SOURCE,
        durations=judgment_durations, dimension="verdict",
        definition=gettext_lazy("Days from a case's report to each judgment given in the year, by verdict: number "
                                "of judgments, median and 90th percentile.")))
