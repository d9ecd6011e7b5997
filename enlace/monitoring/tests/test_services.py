"""National statistics against the database, releases, the privacy budget."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.test import override_settings

from enlace.audit.models import AuditEntry
from enlace.cases.models import Case, CasePerson
from enlace.core.errors import Forbidden
from enlace.monitoring import services
from enlace.monitoring.kanon import COLUMNS
from enlace.monitoring.models import PrivacyBudget, Release
from enlace.monitoring.national import COLUMNS as LONG

from .factories import add_stats_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw(world):
    return add_stats_world(world)


def _rows(rows):
    return [dict(zip(LONG, r, strict=True)) for r in rows[1:]]


def test_the_official_return_equals_the_database_counts(sw):
    rows = _rows(services.national_return(actor=sw["monitoring"], year=sw["year"], official=True))
    victims = CasePerson.objects.filter(role__in=("victim", "presumed_victim"), added_at__year=sw["year"])
    by_sex = Counter(victims.values_list("person__sex", flat=True))
    total = {(r["Sex"], r["Age"]): r["VALUE"] for r in rows
             if r["Indicator"] == "Detected trafficking victims" and r["Dimension"] == "Total"}
    assert total[("Total", "Total")] == victims.count() == 11
    assert total[("Female", "Total")] == by_sex["F"] and total[("Male", "Total")] == by_sex["M"]
    children = sum(1 for born in victims.values_list("person__birth_year", flat=True) if sw["year"] - born < 18)
    assert total[("Total", "Child")] == children
    forms = {r["Category"]: r["VALUE"] for r in rows if r["Dimension"] == "by form of exploitation" and r["Age"] == "Total"}
    assert forms == {"Forced labour": 5, "Sexual exploitation": 4, "Several forms": 2, "Total": 11}
    suspects = {(r["Sex"], r["Category"]): r["VALUE"] for r in rows
                if r["Indicator"] == "Persons brought into formal contact with the police"}
    assert suspects[("Total", "Total")] == CasePerson.objects.filter(role="suspect").count() == 4
    assert suspects[("Total", "Foreigners")] == 1
    offences = [r["VALUE"] for r in rows if r["Indicator"] == "Offences recorded"]
    reported = Q(reported_on__year=sw["year"]) | Q(reported_on__isnull=True, created_at__year=sw["year"])
    assert offences == [Case.objects.filter(reported).count()] == [4]  # the world's case has no report date
    assert AuditEntry.objects.filter(action="monitoring.glotip.official").count() == 1


def test_the_published_version_hides_small_cells(sw):
    rows = _rows(services.national_return(actor=sw["monitoring"], year=sw["year"], official=False))
    total = {(r["Sex"], r["Age"]): r["VALUE"] for r in rows
             if r["Indicator"] == "Detected trafficking victims" and r["Dimension"] == "Total"}
    assert total[("Total", "Total")] == "11"
    assert total[("Total", "Child")] == "<5"  # 4 children
    assert not AuditEntry.objects.filter(action="monitoring.glotip.official").exists()


def test_sdg_rate_uses_the_loaded_population(sw):
    services.population_load(actor=None)
    rows = _rows(services.national_return(actor=sw["monitoring"], year=sw["year"], official=True))
    rates = {(r["Sex"], r["Age"]): r["VALUE"] for r in rows if "16.2.2" in r["Indicator"] and r["Dimension"] == "Total"}
    assert rates[("Total", "Total")] > 0
    by_form = {r["Category"]: r["VALUE"] for r in rows
               if "16.2.2" in r["Indicator"] and r["Dimension"] == "by form of exploitation"}
    assert set(by_form) == {"Forced labour", "Sexual exploitation", "Several forms"}
    assert sum(by_form.values()) == pytest.approx(rates[("Total", "Total")], abs=0.01)


def test_persons_convicted_come_from_the_judgments(sw):
    from django.utils import timezone

    from enlace.prosecution.models_proceedings import Judgment

    suspects = list(CasePerson.objects.filter(role="suspect", case__title__startswith="Stats")
                    .select_related("person"))
    for n, cp in enumerate(suspects):  # the last one is acquitted; the first is convicted twice, counted once
        verdict = "acquitted" if n == len(suspects) - 1 else "convicted"
        for _ in range(2 if n == 0 else 1):
            Judgment.objects.create(case_id=cp.case_id, defendant=cp, decided_on=timezone.localdate(), court="T",
                                    verdict=verdict, sentence_years=10 if verdict == "convicted" else None)
    rows = _rows(services.national_return(actor=sw["monitoring"], year=sw["year"], official=True))
    convicted = {(r["Sex"], r["Category"]): r["VALUE"] for r in rows if r["Indicator"] == "Persons convicted"}
    assert convicted[("Total", "Total")] == len(suspects) - 1 == 3
    foreign = sum(1 for cp in suspects[:-1] if cp.person.nationality != "BO")
    assert convicted[("Total", "Foreigners")] == foreign


def test_only_the_monitoring_role_prepares_the_return(sw):
    with pytest.raises(Forbidden):
        services.national_return(actor=sw["supervisor"], year=sw["year"], official=True)


def test_k_anonymised_release_is_stored_audited_and_k_anonymous(sw):
    release = services.release_create(actor=sw["monitoring"], kind="k-anon", k=2)
    lines = [line.split(",") for line in release.content.strip().splitlines()]
    assert tuple(lines[0]) == COLUMNS
    counts = Counter(tuple(line) for line in lines[1:])
    assert all(n >= 2 for n in counts.values())
    assert release.report["input_records"] == 11
    assert sum(counts.values()) + release.report["suppressed_records"] == 11
    assert "Rosalinda" not in release.content
    assert AuditEntry.objects.filter(action="monitoring.release.create", object_id=str(release.pk)).exists()


@override_settings(ENLACE_DP_BUDGET_EPSILON="1.0")
def test_the_budget_ledger_refuses_an_over_budget_release(sw):
    first = services.release_create(actor=sw["monitoring"], kind="dp", epsilon="0.6")
    assert PrivacyBudget.objects.get().spent_epsilon == Decimal("0.6")
    assert first.report["accuracy_95"] > 0
    with pytest.raises(ValidationError):
        services.release_create(actor=sw["monitoring"], kind="dp", epsilon="0.5")
    assert Release.objects.count() == 1
    assert PrivacyBudget.objects.get().spent_epsilon == Decimal("0.6")
    services.release_create(actor=sw["monitoring"], kind="dp", epsilon="0.4")
    assert PrivacyBudget.objects.get().spent_epsilon == Decimal("1.0")


def test_a_release_is_downloaded_again_never_recomputed(sw):
    release = services.release_create(actor=sw["monitoring"], kind="dp", epsilon="0.5")
    spent = PrivacyBudget.objects.get().spent_epsilon
    again = services.release_download(actor=sw["monitoring"], release=release)
    assert again == release.content
    assert PrivacyBudget.objects.get().spent_epsilon == spent
    assert AuditEntry.objects.filter(action="monitoring.release.download").count() == 1


@pytest.mark.parametrize("epsilon", ["0", "-1", "abc", None, "11"])
def test_bad_epsilon_is_refused_without_spending(sw, epsilon):
    with pytest.raises(ValidationError):
        services.release_create(actor=sw["monitoring"], kind="dp", epsilon=epsilon)
    assert not Release.objects.exists()
