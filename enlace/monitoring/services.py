"""Writes of the monitoring app: the population table, the official return (audited), releases.

A release is made once: its file, parameters and report are stored and audited in the same
transaction; afterwards it is only downloaded again. A differentially private release first
locks the privacy budget of the victim data and is refused when it would exceed it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import Membership, Role, User
from enlace.audit.services import audit_record
from enlace.core.indicators import Scope
from enlace.ops.models import JobKind, JobRun
from enlace.ops.services import job_queue

from . import dp, figures, htcds, kanon, national
from .exports import csv_text
from .microdata import victim_count, victim_records
from .models import FigureSnapshot, PopulationFigure, PrivacyBudget, Release, ReleaseKind
from .selectors import require_monitoring, threshold, years

BUDGET_KEY = "victims"
DATA = Path(__file__).resolve().parent / "data"
POPULATION_COLUMNS = ("country", "year", "sex", "age_group", "value", "source")


def default_budget() -> Decimal:
    return Decimal(str(getattr(settings, "ENLACE_DP_BUDGET_EPSILON", "4")))


@transaction.atomic
def population_load(*, actor: User | None, path: Path = DATA / "population_bo.csv") -> int:
    """Load (or replace) population figures from a CSV file with the columns of ``POPULATION_COLUMNS``."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ValidationError(_("The population file cannot be read.")) from exc
    loaded = 0
    for line, row in enumerate(rows, start=2):
        try:
            year, value = int(row["year"]), int(row["value"])
            sex, group, source = row["sex"].strip(), row["age_group"].strip(), row["source"].strip()
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(_("Line %(line)s of the population file is not valid.") % {"line": line}) from exc
        if sex not in ("F", "M", "T") or group not in ("child", "adult", "total") or value <= 0 or not source:
            raise ValidationError(_("Line %(line)s of the population file is not valid.") % {"line": line})
        PopulationFigure.objects.update_or_create(country=row["country"].strip().upper(), year=year, sex=sex,
                                                  age_group=group, defaults={"value": value, "source": source})
        loaded += 1
    audit_record(actor=actor, action="monitoring.population.load", object_type="monitoring.populationfigure",
                 details={"file": path.name, "rows": loaded})
    return loaded


def _dashboard_scopes() -> list[Scope]:
    """The whole workspace and each distinct set of units a supervisor has (their dashboards)."""
    sets: dict[int, set[int]] = {}
    for user_id, unit_id in Membership.objects.filter(role=Role.SUPERVISOR, is_active=True, unit__isnull=False,
                                                      user__is_active=True).values_list("user_id", "unit_id"):
        sets.setdefault(user_id, set()).add(unit_id)
    distinct = {frozenset(units) for units in sets.values()}
    return [Scope(), *(Scope(unit_ids=units) for units in sorted(distinct, key=sorted))]


def figures_refresh(*, now: dt.datetime | None = None) -> int:
    """Recompute and store the dashboard's figures of every scope for every year shown (job worker).

    Not audited: the snapshots hold counts derived from the records, read by pages that are
    themselves access-checked. Each (scope, year) is stored in its own transaction, so a long
    refresh never holds a lock on the others."""
    now = now or timezone.now()
    stored = 0
    for scope in _dashboard_scopes():
        for year in years(today=timezone.localdate(now)):
            data = figures.compute(scope, year)
            with transaction.atomic():
                FigureSnapshot.objects.update_or_create(scope_key=figures.scope_key(scope), year=year,
                                                        defaults={"data": data, "computed_at": now})
            stored += 1
    return stored


def _long_rows(*, year: int) -> list[national.LongRow]:
    minimum = threshold()
    return national.glotip_rows(year=year, threshold=minimum) + national.sdg_rows(year=year, threshold=minimum)


@transaction.atomic
def national_return(*, actor: User, year: int, official: bool) -> list[list]:
    """GLOTIP and SDG 16.2.2 rows in UNODC's long format; the official return (exact counts) is audited."""
    require_monitoring(actor)
    country = national.country_info()
    rows = [list(national.COLUMNS)] + [r.values(country, year, official=official) for r in _long_rows(year=year)]
    if official:
        audit_record(actor=actor, action="monitoring.glotip.official", object_type="monitoring.national",
                     object_id=year, details={"year": year, "rows": len(rows) - 1})
    return rows


def _budget_locked() -> PrivacyBudget:
    PrivacyBudget.objects.get_or_create(key=BUDGET_KEY, defaults={"total_epsilon": default_budget()})
    return PrivacyBudget.objects.select_for_update().get(key=BUDGET_KEY)


def budget() -> PrivacyBudget:
    return PrivacyBudget.objects.get_or_create(key=BUDGET_KEY, defaults={"total_epsilon": default_budget()})[0]


def _epsilon(value: object) -> Decimal:
    try:
        eps = Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"epsilon": _("Epsilon must be a positive number.")}) from exc
    if not eps.is_finite() or eps <= 0 or eps > 10:
        raise ValidationError({"epsilon": _("Epsilon must be a positive number of at most 10.")})
    return eps


def _check_k(k: int) -> None:
    if not 2 <= k <= 1000:
        raise ValidationError({"k": _("k must be between 2 and 1000.")})


def _check_budget(eps: Decimal, ledger: PrivacyBudget) -> None:
    if eps > ledger.remaining_epsilon:
        raise ValidationError({"epsilon": _(
            "This release would spend epsilon %(eps)s but only %(left)s of the privacy budget is left; "
            "it was not made.") % {"eps": eps, "left": ledger.remaining_epsilon}})


def _k_anon_release(*, k: int) -> tuple[str, dict, int, dict]:
    _check_k(k)
    result = kanon.k_anonymise(list(victim_records()), k=k)
    text = csv_text([kanon.COLUMNS, *(kanon.key_of(r) for r in result.records)])
    return text, result.report, len(result.records), {"k": k}


def _htcds_release(*, k: int) -> tuple[str, dict, int, dict]:
    """Victims with a research consent in force, HTCDS fields, k-anonymised over every published field."""
    _check_k(k)
    rows, report = htcds.htcds_release(k=k)
    report["victims_without_research_consent"] = victim_count() - report["input_records"]
    return csv_text(rows), report, len(rows) - 1, {"k": k, "standard": "HTCDS 2.0"}


def _dp_release(*, eps: Decimal, ledger: PrivacyBudget) -> tuple[str, dict, int, dict]:
    _check_budget(eps, ledger)
    records = list(victim_records())
    this = timezone.localdate().year
    years = list(range(this - 9, this + 1))
    figures = dp.noisy_histograms(records, epsilon=float(eps), years=years)
    text = csv_text([("variable", "category", "noisy_count", "accuracy_95")]
                    + [(f.variable, f.category, f.count, f.accuracy) for f in figures])
    report = {"mechanism": "discrete Laplace (OpenDP make_laplace), one histogram per variable",
              "variables": list(dp.VARIABLES), "epsilon_per_histogram": float(eps) / len(dp.VARIABLES),
              "accuracy_95": figures[0].accuracy if figures else None, "years": [years[0], years[-1]]}
    ledger.spent_epsilon += eps
    ledger.save(update_fields=["spent_epsilon"])
    return text, report, len(figures), {"epsilon": str(eps), "delta": "0"}


@transaction.atomic
def release_request(*, actor: User, kind: str, k: int = 11, epsilon: object = None) -> JobRun:
    """Queue a release for the worker (reading every victim record takes a while on a large register).

    The choices are checked now, so a mistake is told at once rather than as a failed job; the
    budget is checked again, under its lock, when the worker makes the release.
    """
    require_monitoring(actor)
    if kind in (ReleaseKind.K_ANONYMOUS, ReleaseKind.HTCDS):
        _check_k(k)
        parameters: dict[str, object] = {"kind": kind, "k": k}
    elif kind == ReleaseKind.DIFFERENTIAL:
        eps = _epsilon(epsilon)
        _check_budget(eps, budget())
        parameters = {"kind": kind, "epsilon": str(eps)}
    else:
        raise ValidationError({"kind": _("Choose a kind of release.")})
    return job_queue(actor=actor, kind=JobKind.STATISTICAL_RELEASE, parameters=parameters)


@transaction.atomic
def release_create(*, actor: User, kind: str, k: int = 11, epsilon: object = None,
                   progress: Callable[[int, int], None] | None = None) -> Release:
    """Make and store a release of victim-level data (k-anonymised records, HTCDS records of consenting
    victims, or DP counts), audited.

    ``progress(done, total)``: told when the records are read and anonymised (1 of 2) and when
    the release is stored (2 of 2); the worker shows it to the person who asked for the release.
    """
    require_monitoring(actor)
    if progress:
        progress(0, 2)
    if kind == ReleaseKind.K_ANONYMOUS:
        text, report, records, parameters = _k_anon_release(k=k)
        eps = None
    elif kind == ReleaseKind.HTCDS:
        text, report, records, parameters = _htcds_release(k=k)
        eps = None
    elif kind == ReleaseKind.DIFFERENTIAL:
        eps = _epsilon(epsilon)
        ledger = _budget_locked()
        text, report, records, parameters = _dp_release(eps=eps, ledger=ledger)
        report["budget_spent_after"] = str(ledger.spent_epsilon)
        report["budget_total"] = str(ledger.total_epsilon)
    else:
        raise ValidationError({"kind": _("Choose a kind of release.")})
    if progress:
        progress(1, 2)
    release = Release.objects.create(kind=kind, parameters=parameters, report=report, content=text, records=records,
                                     epsilon=eps, delta=Decimal("0") if eps is not None else None, created_by=actor)
    audit_record(actor=actor, action="monitoring.release.create", obj=release,
                 details={"kind": kind, "parameters": parameters, "records": records})
    if progress:
        progress(2, 2)
    return release


@transaction.atomic
def release_download(*, actor: User, release: Release) -> str:
    """The stored file of a release (never computed again), the download audited."""
    require_monitoring(actor)
    audit_record(actor=actor, action="monitoring.release.download", obj=release, details={"kind": release.kind})
    return io.StringIO(release.content).getvalue()
